"""Invoice download with send_from_directory(), which joins the name safely (safe_join) itself."""

from flask import Flask, send_from_directory

app = Flask(__name__)
INVOICE_DIR = "/srv/app/invoices"


@app.route("/invoices/<filename>")
def download_invoice(filename):
    return send_from_directory(INVOICE_DIR, filename)
