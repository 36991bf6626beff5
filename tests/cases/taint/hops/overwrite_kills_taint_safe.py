"""A variable that held user data is rebound to a constant before the sink: flow-sensitive, so safe."""

import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/items")
def items():
    query = request.args.get("q", "")
    term = query.strip()
    query = "SELECT id FROM items WHERE name LIKE ?"
    conn = sqlite3.connect("shop.db")
    rows = conn.execute(query, (f"%{term}%",)).fetchall()
    conn.close()
    return jsonify(rows=rows)
