"""Two mutually recursive unquoting helpers: taint flows through the cycle, and the analysis terminates."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


def unwrap_double(value):
    if len(value) > 1 and value[0] == value[-1] == '"':
        return unwrap_backtick(value[1:-1])
    return value


def unwrap_backtick(value):
    if len(value) > 1 and value[0] == value[-1] == "`":
        return unwrap_double(value[1:-1])
    return value


@app.route("/tags")
def tag_lookup():
    tag = unwrap_double(request.args.get("tag", ""))
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT product_id FROM tags WHERE tag = '{tag}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
