"""`in` / `not in` between two string constants is decided statically."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/bench/in-true")
def in_true():
    param = request.args.get("q", "")
    bar = "safe"
    if "should" in "This should never happen":
        bar = param
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/bench/not-in")
def not_in():
    param = request.args.get("q", "")
    bar = "safe"
    if "should" not in "This should never happen":
        bar = param
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()
    return jsonify(rows=rows)
