"""A variable that held user data is rebound to a constant before the sink: flow-sensitive, so safe."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/items")
def items():
    query = request.args.get("q", "")
    term = query.strip()
    query = "SELECT id FROM items WHERE name LIKE ?"
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(query, (f"%{term}%",)).fetchall()
    return jsonify(rows=rows)
