"""The closure replaces the client's text with the application's own value on every path before the query
runs, so the query never receives what the client sent."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args.get("q", "")

    def reset_term():
        nonlocal term
        term = "%"

    reset_term()
    with sqlite3.connect("shop.db") as db:
        rows = db.execute("SELECT name FROM items WHERE name LIKE '" + term + "'").fetchall()
    return {"rows": rows}
