"""List, set, dict and generator comprehensions over user data; int() inside the comprehension cleans it."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/by-sku")
def by_sku():
    skus = [s.strip() for s in request.args.getlist("sku")]
    quoted = ", ".join(f"'{s}'" for s in skus)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT id FROM products WHERE sku IN ({quoted})").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/products/by-column")
def by_column():
    wanted = {key: value for key, value in request.args.items()}
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT {wanted['column']} FROM products").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/products/by-id")
def by_id():
    ids = sorted({int(i) for i in request.args.getlist("id")})
    id_list = ", ".join(str(i) for i in ids)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT id FROM products WHERE id IN ({id_list})").fetchall()
    return jsonify(rows=rows)
