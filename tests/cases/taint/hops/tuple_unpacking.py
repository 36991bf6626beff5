"""Tuple unpacking taints only the target that receives user data."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/members/by-role")
def by_role():
    name, role = request.args.get("name", ""), "viewer"
    with closing(sqlite3.connect("club.db")) as conn:
        rows = conn.execute(f"SELECT id FROM members WHERE role = '{role}'").fetchall()
    return jsonify(rows=rows, asked_for=len(name))


@app.route("/members/by-name")
def by_name():
    name, role = request.args.get("name", ""), "viewer"
    with closing(sqlite3.connect("club.db")) as conn:
        rows = conn.execute(f"SELECT id FROM members WHERE role = '{role}' AND name = '{name}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
