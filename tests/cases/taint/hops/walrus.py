"""Assignment expressions bind taint like ordinary assignments."""

import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/sorted")
def sorted_products():
    conn = sqlite3.connect("shop.db")
    if (sort := request.args.get("sort")) is not None:
        rows = conn.execute(f"SELECT id FROM products ORDER BY {sort}").fetchall()  # expect: CWE-89
    else:
        rows = conn.execute("SELECT id FROM products").fetchall()
    conn.close()
    return jsonify(rows=rows)


@app.route("/products/page")
def product_page():
    conn = sqlite3.connect("shop.db")
    if (page := int(request.args.get("page", "1"))) > 0:
        rows = conn.execute(f"SELECT id FROM products LIMIT 20 OFFSET {(page - 1) * 20}").fetchall()
    else:
        rows = []
    conn.close()
    return jsonify(rows=rows)
