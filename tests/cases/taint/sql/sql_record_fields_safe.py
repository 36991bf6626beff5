"""The same records, but the query reads only the fields the application filled itself: the column name and
the page size, never the client's text (which travels in another field)."""

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


@app.route("/items")
def items():
    search = Search(request.args.get("q", ""))
    with sqlite3.connect("shop.db") as db:
        rows = db.execute("SELECT * FROM items WHERE name LIKE ? LIMIT %d" % search.limit,
                          ("%" + search.term + "%",)).fetchall()
    return {"rows": rows}


@app.route("/orders")
def orders():
    wanted = Filter("state", request.args.get("state", ""))
    with sqlite3.connect("shop.db") as db:
        rows = db.execute(f"SELECT * FROM orders WHERE {wanted.column} = ?", (wanted[1],)).fetchall()
    return {"rows": rows}
