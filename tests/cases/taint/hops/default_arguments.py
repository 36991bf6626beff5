"""A default argument evaluated from user data taints the parameter; a constant default does not."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


def count_rows(conn, query="SELECT COUNT(*) FROM orders"):
    return conn.execute(query).fetchone()[0]


@app.route("/stats/orders")
def order_stats():
    with closing(sqlite3.connect("shop.db")) as conn:
        total = count_rows(conn)
    return jsonify(total=total, requested_by=request.args.get("user", ""))


@app.route("/stats/table")
def table_stats():
    table = request.args["table"]

    def count(conn, query="SELECT COUNT(*) FROM " + table):
        return conn.execute(query).fetchone()[0]  # expect: CWE-89

    with closing(sqlite3.connect("shop.db")) as conn:
        total = count(conn)
    return jsonify(total=total)
