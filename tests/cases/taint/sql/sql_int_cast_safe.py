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


@app.route("/invoices/above")
def invoices_above():
    threshold = float(request.args.get("amount", "0"))
    with closing(sqlite3.connect("billing.db")) as conn:
        rows = conn.execute("SELECT id FROM invoices WHERE amount > %f" % threshold).fetchall()
    return jsonify(rows=rows)
