"""A view's helper closures change the view's own variables: a ``nonlocal`` rebinding and a dict the closure
fills. What they leave there is what the query receives."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    term = "%"

    def read_term():
        nonlocal term
        term = request.args.get("q", "")

    read_term()
    with sqlite3.connect("shop.db") as db:
        rows = db.execute("SELECT name FROM items WHERE name LIKE '" + term + "'").fetchall()  # expect: CWE-89
    return {"rows": rows}


@app.route("/orders")
def orders():
    state = {}

    def load_filters():
        state["customer"] = request.args.get("customer", "")

    load_filters()
    with sqlite3.connect("shop.db") as db:
        rows = db.execute(f"SELECT * FROM orders WHERE customer = '{state['customer']}'").fetchall()  # expect: CWE-89
    return {"rows": rows}
