"""The helpers read a packed argument the code wrote, so the request's value, passed beside it, never reaches
the query; text multiplied by zero is empty."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


def where(**options):
    return "SELECT * FROM users WHERE " + options["column"] + " = ?"


def second(*values):
    return values[1]


@app.route("/by")
def by_column():
    sql = where(column="email", value=request.args["email"])
    return str(sqlite3.connect("app.db").execute(sql, (request.args["email"],)).fetchall())


@app.route("/pick")
def pick():
    name = second(request.args["name"], "guest")
    return str(sqlite3.connect("app.db").execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())


@app.route("/pad")
def pad():
    filler = request.args["name"] * 0 + "guest"
    return str(sqlite3.connect("app.db").execute("SELECT * FROM users WHERE name = '" + filler + "'").fetchall())
