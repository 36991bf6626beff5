"""A character check stops injection, not trust: the value in the session is still the client's choice."""

import sqlite3
from contextlib import closing

from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)


@app.route("/team", methods=["POST"])
def choose_team():
    team = request.form.get("team", "")
    if not team.isalnum():
        abort(400)
    session["team"] = team  # expect: CWE-501
    with closing(sqlite3.connect("teams.db")) as conn:
        rows = conn.execute(f"SELECT id FROM members WHERE team = '{team}'").fetchall()
    return jsonify(members=len(rows))
