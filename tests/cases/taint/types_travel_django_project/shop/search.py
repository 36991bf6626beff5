"""Helpers that receive the request under another name (r), from a function view and a class-based view."""
import os
from django.db import connection


def run(r):
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM items WHERE name = '%s'" % r.GET["q"])  # expect: CWE-89
        return cur.fetchall()


def export(r):
    os.system("export " + r.POST.get("fmt"))  # expect: CWE-78


def who(r):  # reads only what the server and the session set
    os.system("finger " + r.method + str(r.user))
