"""Request data that travels through built-ins and standard containers the engine used to treat as the end of
the flow: enumerate's elements, max() of strings, a heap, a custom container's __getitem__, a builder whose
setters return self, itertools.chain."""

import heapq
import itertools
import sqlite3

from flask import Flask, request

app = Flask(__name__)


class Query:
    def where(self, clause):
        self.clause = clause
        return self

    def sql(self):
        return "SELECT * FROM items WHERE " + self.clause


class Row:
    def __init__(self, values):
        self.values = values

    def __getitem__(self, key):
        return self.values


@app.route("/bulk")
def bulk():
    names = request.args.getlist("name")
    with sqlite3.connect("shop.db") as db:
        for position, name in enumerate(names):
            db.execute("UPDATE items SET pos = %d WHERE name = '%s'" % (position, name))  # expect: CWE-89
        longest = max(names, key=len)
        db.execute("DELETE FROM items WHERE name = '" + longest + "'")  # expect: CWE-89
    return {"ok": True}


@app.route("/queue")
def queue():
    pending = []
    heapq.heappush(pending, request.args.get("job", ""))
    with sqlite3.connect("shop.db") as db:
        db.execute("DELETE FROM jobs WHERE name = '" + heapq.heappop(pending) + "'")  # expect: CWE-89
        db.execute(Query().where("owner = '" + request.args.get("owner", "") + "'").sql())  # expect: CWE-89
        row = Row(request.args.get("tag", ""))
        db.execute("SELECT * FROM tags WHERE name = '" + row["tag"] + "'")  # expect: CWE-89
        first = list(itertools.chain([request.args.get("a", "")], ["b"]))[0]
        db.execute("SELECT * FROM tags WHERE name = '" + first + "'")  # expect: CWE-89
    return {"ok": True}
