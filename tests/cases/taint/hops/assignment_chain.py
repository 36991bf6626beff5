"""Taint survives a chain of plain assignments."""

import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/members")
def members():
    raw = request.args.get("team", "")
    team = raw
    selected = team
    query = "SELECT id FROM members WHERE team = '" + selected + "'"
    conn = sqlite3.connect("club.db")
    rows = conn.execute(query).fetchall()  # expect: CWE-89
    conn.close()
    return jsonify(rows=rows)
