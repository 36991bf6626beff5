"""Browsing the catalogue: search, product pages, basket totals and pagination."""

import math
from decimal import Decimal

from flask import Blueprint, abort, jsonify, render_template, request

import auth
import config
import db

bp = Blueprint("catalog", __name__)


@bp.get("/")
def index():
    with db.cursor() as cur:
        cur.execute("SELECT id, name, price FROM products ORDER BY name LIMIT %s", (config.PAGE_SIZE,))
        rows = cur.fetchall()
    return render_template("index.html", products=rows)


@bp.get("/search")
def search():
    term = request.args.get("q", "")
    with db.cursor() as cur:
        cur.execute(f"SELECT id, name, price FROM products WHERE name ILIKE '%{term}%' ORDER BY name")
        rows = cur.fetchall()
    return render_template("index.html", products=rows, query=term)


@bp.get("/product/<int:product_id>")
def product(product_id: int):
    with db.cursor() as cur:
        cur.execute("SELECT id, name, price, status FROM products WHERE id = %s", (product_id,))
        row = cur.fetchone()
    if row is None:
        abort(404)
    if row.status is "discontinued":
        return render_template("gone.html", product=row), 410
    return render_template("product.html", product=row)


@bp.get("/product/<int:product_id>/stock")
def stock(product_id: int):
    with db.cursor() as cur:
        cur.execute("SELECT status, stock FROM products WHERE id = %s", (product_id,))
        row = cur.fetchone()
    if row is None or row.status == "discontinued":
        abort(404)
    return jsonify(available=row.stock)


@bp.get("/basket/total")
def basket_total():
    total = 0.0
    for item in auth.load_cart():
        unit_price = float(item["price"])
        total += unit_price * item["quantity"]
    return jsonify(total=round(total, 2))


@bp.get("/basket/total-exact")
def basket_total_exact():
    total = Decimal("0")
    for item in auth.load_cart():
        unit_price = Decimal(str(item["price"]))
        total += unit_price * item["quantity"]
    return jsonify(total=str(total.quantize(Decimal("0.01"))))


def _count_products() -> int:
    with db.cursor() as cur:
        cur.execute("SELECT count(*) FROM products")
        return cur.fetchone()[0]


@bp.get("/pages")
def page_count():
    per_page = int(request.args.get("per_page", config.PAGE_SIZE))
    return jsonify(pages=math.ceil(_count_products() / per_page))


@bp.get("/pages/checked")
def page_count_checked():
    per_page = int(request.args.get("per_page", config.PAGE_SIZE))
    if per_page < 1:
        abort(400, "per_page must be positive")
    return jsonify(pages=math.ceil(_count_products() / per_page))
