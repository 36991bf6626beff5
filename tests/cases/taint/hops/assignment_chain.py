"""Taint survives a chain of plain assignments."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/members")
def members():
    raw = request.args.get("team", "")
    team = raw
    selected = team
    query = "SELECT id FROM members WHERE team = '" + selected + "'"
    with closing(sqlite3.connect("club.db")) as conn:
        rows = conn.execute(query).fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
