import sqlite3
from contextlib import closing


def lookup(name):
    with closing(sqlite3.connect("lab.db")) as conn:
        return conn.execute("SELECT id FROM users WHERE name = '%s'" % name).fetchall()  # expect: CWE-89
