"""Request data carried in record objects (a dataclass, a named tuple) to the query: each field holds what it
was built from, read back by name, by index, or by the record's own method."""

import sqlite3
from collections import namedtuple
from dataclasses import dataclass

from flask import Flask, request

app = Flask(__name__)

Filter = namedtuple("Filter", ["column", "value"])


@dataclass
class Search:
    term: str
    limit: int = 20

    def where(self):
        return "name LIKE '%" + self.term + "%'"


@app.route("/items")
def items():
    search = Search(request.args.get("q", ""))
    with sqlite3.connect("shop.db") as db:
        rows = db.execute("SELECT * FROM items WHERE " + search.where()).fetchall()  # expect: CWE-89
    return {"rows": rows}


@app.route("/orders")
def orders():
    wanted = Filter("state", request.args.get("state", ""))
    with sqlite3.connect("shop.db") as db:
        rows = db.execute(f"SELECT * FROM orders WHERE {wanted[0]} = '{wanted.value}'").fetchall()  # expect: CWE-89
    return {"rows": rows}
