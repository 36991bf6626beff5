"""Numbers parsed with int() and float() cannot carry SQL, so formatting them into the statement is safe."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/invoices")
def invoice():
    invoice_id = int(request.args.get("id", "0"))
    with closing(sqlite3.connect("billing.db")) as conn:
        row = conn.execute(f"SELECT id, amount FROM invoices WHERE id = {invoice_id}").fetchone()
    return jsonify(row=row)


@app.route("/reviews/above")
def reviews_above():
    min_rating = float(request.args.get("rating", "0"))
    with closing(sqlite3.connect("billing.db")) as conn:
        rows = conn.execute("SELECT id FROM reviews WHERE rating >= %f" % min_rating).fetchall()
    return jsonify(rows=rows)
