"""Database access for the API."""

import sqlite3
from contextlib import closing


def raw_query(sql):
    with closing(sqlite3.connect("/var/lib/storage/state.db")) as conn:
        return conn.execute(sql).fetchall()  # expect: CWE-89


def snapshot_get(snapshot_id):
    with closing(sqlite3.connect("/var/lib/storage/state.db")) as conn:
        return conn.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
