"""A lambda that formats its argument propagates taint; one that ignores it and returns "?" does not."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/tags-inline")
def tags_inline():
    tags = request.args.getlist("tag")
    in_list = ", ".join(map(lambda t: f"'{t}'", tags))
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT product_id FROM tags WHERE tag IN ({in_list})").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/products/tags-bound")
def tags_bound():
    tags = request.args.getlist("tag")
    placeholders = ", ".join(map(lambda _tag: "?", tags))
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT product_id FROM tags WHERE tag IN ({placeholders})", tags).fetchall()
    return jsonify(rows=rows)
