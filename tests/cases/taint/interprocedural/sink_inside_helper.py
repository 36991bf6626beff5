"""The sink sits in a helper: it is reported there when a caller passes user data in.

A second helper with the same sink is only ever called with constants and stays silent.
"""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


def fetch_all(conn, sql):
    return conn.execute(sql).fetchall()  # expect: CWE-89


def fetch_static(conn, sql):
    return conn.execute(sql).fetchall()


@app.route("/reports/custom")
def custom_report():
    with closing(sqlite3.connect("reports.db")) as conn:
        rows = fetch_all(conn, "SELECT * FROM sales WHERE region = '" + request.args["region"] + "'")
        totals = fetch_static(conn, "SELECT region, SUM(amount) FROM sales GROUP BY region")
    return jsonify(rows=rows, totals=totals)
