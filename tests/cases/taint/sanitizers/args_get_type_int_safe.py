"""werkzeug's `request.args.get(key, type=int)` returns an int (or the default): no SQL can come through."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products")
def products():
    page = request.args.get("page", 1, type=int)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT id FROM products LIMIT 20 OFFSET {(page - 1) * 20}").fetchall()
    return jsonify(rows=rows)
