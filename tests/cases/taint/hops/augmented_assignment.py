"""`+=` appends user data to a query string; `+=` of constants to a constant query stays clean."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/orders")
def orders():
    query = "SELECT id FROM orders WHERE 1 = 1"
    status = request.args.get("status")
    if status:
        query += " AND status = '" + status + "'"
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(query).fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/orders/open")
def open_orders():
    query = "SELECT id FROM orders WHERE 1 = 1"
    params = []
    status = request.args.get("status")
    if status:
        query += " AND status = ?"
        params.append(status)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(query, params).fetchall()
    return jsonify(rows=rows)
