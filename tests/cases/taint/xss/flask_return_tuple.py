"""A view returning (body, status): the body string is still rendered as HTML."""

from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    sku = request.args.get("sku", "")
    return f"<p>Unknown product {sku}</p>", 404  # expect: CWE-79
