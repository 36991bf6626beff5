"""Request data held in one slot of a literal that a loop walks in order, a mapping built by dict() or
OrderedDict, or a generator over a literal: the slot that holds it reaches the query."""

import collections
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def db():
    return sqlite3.connect("shop.db")


@app.route("/last")
def last_label():
    for label in ["pending", request.args["status"]]:
        status = label
    return str(db().execute("SELECT * FROM orders WHERE status = '" + status + "'").fetchall())  # expect: CWE-89


@app.route("/first")
def first_match():
    for label in [request.args["status"], "pending"]:
        status = label
        break
    return str(db().execute("SELECT * FROM orders WHERE status = '" + status + "'").fetchall())  # expect: CWE-89


@app.route("/filters")
def filters():
    chosen = dict(status=request.args["status"], kind="book")
    return str(db().execute(f"SELECT * FROM items WHERE status = '{chosen['status']}'").fetchall())  # expect: CWE-89


@app.route("/ordered")
def ordered():
    columns = collections.OrderedDict()
    columns["sort"] = request.args["sort"]
    return str(db().execute("SELECT * FROM items ORDER BY " + columns["sort"]).fetchall())  # expect: CWE-89


@app.route("/next")
def next_name():
    name = next(n.strip() for n in [request.args["name"], "guest"])
    return str(db().execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())  # expect: CWE-89
