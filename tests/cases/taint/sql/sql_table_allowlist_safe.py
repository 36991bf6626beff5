"""A table name cannot be a bound parameter, so it is checked against an allow-list before formatting."""

import sqlite3
from contextlib import closing

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
EXPORTABLE_TABLES = {"products", "categories", "suppliers"}


@app.route("/export")
def export_table():
    table = request.args.get("table", "")
    if table not in EXPORTABLE_TABLES:
        abort(404)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()
    return jsonify(rows=rows)
