"""Dictionary slots with constant keys are tracked separately: d["a"] is user data, d["b"] is not."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/members/safe-column")
def safe_column():
    filters = {}
    filters["a"] = request.args.get("column", "name")
    filters["b"] = "email"
    with closing(sqlite3.connect("club.db")) as conn:
        rows = conn.execute(f"SELECT {filters['b']} FROM members").fetchall()
    return jsonify(rows=rows)


@app.route("/members/user-column")
def user_column():
    filters = {}
    filters["a"] = request.args.get("column", "name")
    filters["b"] = "email"
    with closing(sqlite3.connect("club.db")) as conn:
        rows = conn.execute(f"SELECT {filters['a']} FROM members").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
