"""The same shapes where the slot that reaches the query is one the code wrote: the loop's last slot is a
constant, a break leaves at a constant slot, the mapping's key read is a literal's, a defaultdict's missing key
is its factory's empty value, a generator's first slot is a constant."""

import collections
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def db():
    return sqlite3.connect("shop.db")


@app.route("/last")
def last_label():
    for label in [request.args["status"], "pending"]:
        status = label
    return str(db().execute("SELECT * FROM orders WHERE status = '" + status + "'").fetchall())


@app.route("/first")
def first_match():
    for label in ["pending", request.args["status"]]:
        status = label
        break
    return str(db().execute("SELECT * FROM orders WHERE status = '" + status + "'").fetchall())


@app.route("/filters")
def filters():
    chosen = dict(status=request.args["status"], kind="book")
    return str(db().execute(f"SELECT * FROM items WHERE kind = '{chosen['kind']}'").fetchall())


@app.route("/ordered")
def ordered():
    columns = collections.OrderedDict(sort="name")
    columns["filter"] = request.args["filter"]
    return str(db().execute("SELECT * FROM items ORDER BY " + columns["sort"]).fetchall())


@app.route("/counts")
def counts():
    seen = collections.defaultdict(str)
    seen["visitor"] = request.args["name"]
    return str(db().execute("SELECT * FROM users WHERE note = '" + seen["guest"] + "'").fetchall())


@app.route("/next")
def next_name():
    name = next(n.strip() for n in ["guest", request.args["name"]])
    return str(db().execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())
