"""List slots tracked by position, including the shift after pop(0)."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/bench/list-safe")
def list_safe():
    param = request.args.get("q", "")
    values = []
    values.append("safe")
    values.append(param)
    values.append("moresafe")
    values.pop(0)
    bar = values[1]
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()
    return jsonify(rows=rows)


@app.route("/bench/list-tainted")
def list_tainted():
    param = request.args.get("q", "")
    values = []
    values.append("safe")
    values.append(param)
    values.append("moresafe")
    values.pop(0)
    bar = values[0]
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
