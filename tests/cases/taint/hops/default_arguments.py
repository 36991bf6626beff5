"""A default argument evaluated from user data taints the parameter; a constant default does not."""

import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def count_rows(conn, query="SELECT COUNT(*) FROM orders"):
    return conn.execute(query).fetchone()[0]


@app.route("/stats/orders")
def order_stats():
    conn = sqlite3.connect("shop.db")
    total = count_rows(conn)
    conn.close()
    return jsonify(total=total, requested_by=request.args.get("user", ""))


@app.route("/stats/table")
def table_stats():
    table = request.args["table"]
    conn = sqlite3.connect("shop.db")

    def count(query="SELECT COUNT(*) FROM " + table):
        return conn.execute(query).fetchone()[0]  # expect: CWE-89

    total = count()
    conn.close()
    return jsonify(total=total)
