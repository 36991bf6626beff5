"""Assignment expressions bind taint like ordinary assignments."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/sorted")
def sorted_products():
    with closing(sqlite3.connect("shop.db")) as conn:
        if (sort := request.args.get("sort")) is not None:
            rows = conn.execute(f"SELECT id FROM products ORDER BY {sort}").fetchall()  # expect: CWE-89
        else:
            rows = conn.execute("SELECT id FROM products").fetchall()
    return jsonify(rows=rows)


@app.route("/products/page")
def product_page():
    with closing(sqlite3.connect("shop.db")) as conn:
        if (page := int(request.args.get("page", "1"))) > 0:
            rows = conn.execute(f"SELECT id FROM products LIMIT 20 OFFSET {(page - 1) * 20}").fetchall()
        else:
            rows = []
    return jsonify(rows=rows)
