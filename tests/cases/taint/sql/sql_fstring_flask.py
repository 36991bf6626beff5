"""Product search: the name from the query string is pasted into the SQL text with an f-string."""

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
        cur.execute(f"SELECT id, name, price FROM products WHERE name LIKE '%{name}%'")  # expect: CWE-89
        rows = cur.fetchall()
    return jsonify(rows)
