"""Invoice download with send_file() on a joined path: no containment check at all."""

import os

from flask import Flask, send_file

app = Flask(__name__)
INVOICE_DIR = "/srv/app/invoices"


@app.route("/invoices/<path:filename>")
def download_invoice(filename):
    return send_file(os.path.join(INVOICE_DIR, filename))  # expect: CWE-22
