import sqlite3


def lookup(r):
    sqlite3.connect("x.db").cursor().execute("SELECT * FROM t WHERE id = " + r.args["id"])  # expect: CWE-89
