"""Maintenance CLI: the table to purge comes from the command line and is pasted into a script."""

import sqlite3
import sys
from contextlib import closing


def purge(db_path, table):
    with closing(sqlite3.connect(db_path)) as conn:
        conn.executescript(f"DELETE FROM {table}; VACUUM;")  # expect: CWE-89
        conn.commit()


def main():
    purge("app.db", sys.argv[1])


if __name__ == "__main__":
    main()
