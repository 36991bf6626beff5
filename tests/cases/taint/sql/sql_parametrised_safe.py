"""Product search done right: the user's text travels as a bound parameter, never as SQL."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)
DATABASE = "shop.db"


@app.route("/products")
def search_products():
    name = request.args.get("name", "")
    with closing(sqlite3.connect(DATABASE)) as conn:
        cur = conn.cursor()
        # The tainted f-string is a parameter value, not part of the statement: safe.
        cur.execute("SELECT id, name, price FROM products WHERE name LIKE ?", (f"%{name}%",))
        rows = cur.fetchall()
    return jsonify(rows)
