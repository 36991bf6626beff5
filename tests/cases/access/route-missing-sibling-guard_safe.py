"""A catalogue: reading is open to everyone, editing needs staff; the login page is public by design."""
from flask import Blueprint, jsonify, request
from flask_login import login_required
from flask_wtf.csrf import CSRFProtect

from shop.auth import staff_required
from shop.models import Product, db

catalogue = Blueprint("catalogue", __name__, url_prefix="/products")
csrf = CSRFProtect()


@catalogue.route("/")
def list_products():
    return jsonify([p.id for p in Product.query.all()])


@catalogue.route("/new", methods=["POST"])
@login_required
def new_product():
    db.session.add(Product(name=request.form["name"]))
    return jsonify(ok=True)


@catalogue.route("/<int:pid>/price", methods=["POST"])
@login_required
def set_price(pid):
    return jsonify(pid=pid, price=request.form["price"])


@catalogue.route("/<int:pid>/delete", methods=["POST"])
@login_required
def delete_product(pid):
    return jsonify(deleted=pid)


@catalogue.route("/<int:pid>/stock", methods=["POST"])
@staff_required
def set_stock(pid):
    return jsonify(ok=True)


@catalogue.route("/login", methods=["POST"])
def login():
    return jsonify(ok=True)
