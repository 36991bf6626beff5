"""The same built-ins where the query reads only what the application chose: enumerate's index, the other
iterable of a chain, a builder given a fixed clause."""

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


@app.route("/bulk")
def bulk():
    names = request.args.getlist("name")
    with sqlite3.connect("shop.db") as db:
        for position, name in enumerate(names):
            db.execute("UPDATE items SET pos = %d WHERE name = ?" % position, (name,))
        second = list(itertools.chain([request.args.get("a", "")], ["b"]))[1]
        db.execute("SELECT * FROM tags WHERE name = '" + second + "'")
        db.execute(Query().where("hidden = 0").sql())
    return {"ok": True}
