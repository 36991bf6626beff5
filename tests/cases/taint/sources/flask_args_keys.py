"""Not only the values: the parameter names (request.args.keys()) are chosen by the client too."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/filter")
def filter_products():
    with closing(sqlite3.connect("shop.db")) as conn:
        clauses = []
        params = []
        for column in request.args.keys():
            clauses.append(f"{column} = ?")
            params.append(request.args[column])
        where = " AND ".join(clauses) or "1 = 1"
        rows = conn.execute("SELECT id FROM products WHERE " + where, params).fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
