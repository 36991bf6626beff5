"""Celery tasks that pass their arguments as data (an argument list, query parameters): nothing to report."""

import sqlite3
import subprocess

from celery import shared_task


@shared_task
def archive(folder):
    subprocess.run(["tar", "czf", "/backups/out.tgz", "--", folder], check=True)


@shared_task
def purge(job_id):
    with sqlite3.connect("jobs.db") as conn:
        conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
