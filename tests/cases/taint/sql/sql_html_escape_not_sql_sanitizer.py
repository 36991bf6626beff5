"""HTML escaping is not SQL escaping: in a numeric context `1 OR 1=1` passes html.escape untouched."""

import html
import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/invoices")
def invoice():
    invoice_id = html.escape(request.args.get("id", "0"))
    with closing(sqlite3.connect("billing.db")) as conn:
        row = conn.execute(f"SELECT id, amount FROM invoices WHERE id = {invoice_id}").fetchone()  # expect: CWE-89
    return jsonify(row=row)
