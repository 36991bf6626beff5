"""Maintenance CLI: the table to purge comes from the command line and is pasted into a script."""

import sqlite3
import sys


def purge(db_path, table):
    conn = sqlite3.connect(db_path)
    conn.executescript(f"DELETE FROM {table}; VACUUM;")  # expect: CWE-89
    conn.commit()
    conn.close()


def main():
    purge("app.db", sys.argv[1])


if __name__ == "__main__":
    main()
