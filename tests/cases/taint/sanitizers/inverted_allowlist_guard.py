"""An allow-list check written backwards rejects the known values and lets everything else through."""

import sqlite3
from contextlib import closing

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
EXPORTABLE_TABLES = {"products", "categories"}


@app.route("/export")
def export_table():
    table = request.args.get("table", "")
    if table in EXPORTABLE_TABLES:
        abort(404)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
