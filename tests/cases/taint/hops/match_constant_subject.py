"""`match` on a subject known statically: only the case that matches is taken.

"ABC"[1] is "B" (constant branch, safe); "ABC"[0] is "A" (the branch that takes the user's value).
"""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/bench/match-b")
def match_b():
    param = request.args.get("q", "")
    guess = "ABC"[1]
    match guess:
        case "A":
            bar = param
        case "B":
            bar = "bob"
        case _:
            bar = param
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()
    return jsonify(rows=rows)


@app.route("/bench/match-a")
def match_a():
    param = request.args.get("q", "")
    guess = "ABC"[0]
    match guess:
        case "A":
            bar = param
        case "B":
            bar = "bob"
        case _:
            bar = "other"
    with closing(sqlite3.connect("bench.db")) as conn:
        rows = conn.execute(f"SELECT * FROM users WHERE name = '{bar}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
