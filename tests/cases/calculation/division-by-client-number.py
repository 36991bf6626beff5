"""Pagination and statistics endpoints of the catalogue service."""
from flask import Flask, jsonify, request

from catalogue.models import Product

app = Flask(__name__)


@app.route("/products/pages")
def page_count():
    per_page = int(request.args.get("per_page", "20"))
    total = Product.query.count()
    return jsonify(pages=-(-total // per_page))  # expect: CWE-369


@app.route("/products/share")
def share():
    parts = request.args.get("parts", 1, type=int)
    return jsonify(share=100 / parts)  # expect: CWE-369


@app.route("/products/avg")
def average_price():
    return jsonify(avg=Product.total_value() / float(request.args["count"]))  # expect: CWE-369


@app.route("/products/pages-checked")
def page_count_checked():
    per_page = int(request.args.get("per_page", "20"))
    if per_page < 1:
        return jsonify(error="per_page must be positive"), 400
    return jsonify(pages=-(-Product.query.count() // per_page))


@app.route("/products/pages-clamped")
def page_count_clamped():
    per_page = max(1, int(request.args.get("per_page", "20")))
    label = "%d per page" % per_page
    return jsonify(pages=Product.query.count() // per_page, label=label)


@app.route("/products/ratio")
def ratio():
    try:
        return jsonify(ratio=Product.query.count() / int(request.args["of"]))
    except (ValueError, ZeroDivisionError):
        return jsonify(error="bad divisor"), 400
