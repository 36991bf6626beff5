"""Conditions made of constants are folded: only the branch that can run matters.

7 * 18 + 106 = 232, so `> 200` always picks "safe" and `> 500` always picks the user's value.
"""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/bench/fold-true")
def fold_true():
    param = request.args.get("q", "")
    num = 106
    bar = "safe" if 7 * 18 + num > 200 else param
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()
    return jsonify(rows=rows)


@app.route("/bench/fold-false")
def fold_false():
    param = request.args.get("q", "")
    num = 106
    bar = "safe" if 7 * 18 + num > 500 else param
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
