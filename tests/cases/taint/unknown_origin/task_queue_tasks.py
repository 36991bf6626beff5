"""Celery tasks: their arguments come from whoever enqueued them (a view passing request data to ``.delay()``),
so a task's parameter is of unknown origin, reported at low confidence where it reaches a query or a shell."""

import sqlite3
import subprocess

from celery import shared_task


@shared_task
def archive(folder):
    subprocess.run("tar czf /backups/out.tgz " + folder, shell=True, check=True)  # expect: CWE-78


@shared_task
def purge(table_filter):
    with sqlite3.connect("jobs.db") as conn:
        conn.execute("DELETE FROM jobs WHERE " + table_filter)  # expect: CWE-89
