"""Views registered with add_url_rule: the rule's variables are parameters; <int:> ones cannot carry syntax."""

import os
import sqlite3
from contextlib import closing

from flask import Blueprint, Flask, jsonify

app = Flask(__name__)
bp = Blueprint("files", __name__)
FILES = "/srv/files"


def download(name):
    with open(os.path.join(FILES, name), "rb") as fh:  # expect: CWE-22
        return fh.read()


def invoice(invoice_id):
    with closing(sqlite3.connect("app.db")) as conn:
        row = conn.execute(f"SELECT total FROM invoices WHERE id = {invoice_id}").fetchone()
    return jsonify(total=row[0] if row else None)


def helper(name):
    with open(os.path.join(FILES, name), "rb") as fh:
        return fh.read()


bp.add_url_rule("/files/<path:name>", "download", download)
app.add_url_rule("/invoices/<int:invoice_id>", view_func=invoice)
app.register_blueprint(bp)
