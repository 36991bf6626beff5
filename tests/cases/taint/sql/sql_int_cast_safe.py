"""Numbers parsed with int() and float() cannot carry SQL, so formatting them into the statement is safe."""

import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/invoices")
def invoice():
    invoice_id = int(request.args.get("id", "0"))
    conn = sqlite3.connect("billing.db")
    row = conn.execute(f"SELECT id, amount FROM invoices WHERE id = {invoice_id}").fetchone()
    conn.close()
    return jsonify(row=row)


@app.route("/invoices/above")
def invoices_above():
    threshold = float(request.args.get("amount", "0"))
    conn = sqlite3.connect("billing.db")
    rows = conn.execute("SELECT id FROM invoices WHERE amount > %f" % threshold).fetchall()
    conn.close()
    return jsonify(rows=rows)
