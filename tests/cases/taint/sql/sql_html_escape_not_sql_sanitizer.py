"""HTML escaping is not SQL escaping: in a numeric context `1 OR 1=1` passes html.escape untouched."""

import html
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/invoices")
def invoice():
    invoice_id = html.escape(request.args.get("id", "0"))
    conn = sqlite3.connect("billing.db")
    row = conn.execute(f"SELECT id, amount FROM invoices WHERE id = {invoice_id}").fetchone()  # expect: CWE-89
    conn.close()
    return jsonify(row=row)
