"""Helpers that take packed arguments (**options, *values) hand on the one that was passed under the name or at
the position they read, wherever the call puts the request's value there."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


def where(**options):
    return "SELECT * FROM users WHERE " + options["column"] + " = ?"


def second(*values):
    return values[1]


@app.route("/by")
def by_column():
    sql = where(column=request.args["column"], order="name")
    return str(sqlite3.connect("app.db").execute(sql, ("x",)).fetchall())  # expect: CWE-89


@app.route("/pick")
def pick():
    name = second("guest", request.args["name"])
    return str(sqlite3.connect("app.db").execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())  # expect: CWE-89


@app.route("/spread")
def spread():
    names = [request.args["name"]]
    name = second("guest", *names)  # a *sequence at the call: which slot lands where is not known
    return str(sqlite3.connect("app.db").execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())  # expect: CWE-89
