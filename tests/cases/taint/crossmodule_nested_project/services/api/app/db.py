import sqlite3
from contextlib import closing


def account_for(email):
    with closing(sqlite3.connect("api.db")) as conn:
        return conn.execute("SELECT id FROM accounts WHERE email = '" + email + "'").fetchall()  # expect: CWE-89
