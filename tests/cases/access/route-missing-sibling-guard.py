"""Order management: every route needs a logged-in user, but one was added without the decorator."""
from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from shop.models import Order, db

orders = Blueprint("orders", __name__, url_prefix="/orders")


@orders.route("/")
@login_required
def list_orders():
    return jsonify([o.id for o in Order.query.filter_by(user_id=current_user.id)])


@orders.route("/<int:order_id>")
@login_required
def show_order(order_id):
    return jsonify(id=order_id)


@orders.route("/<int:order_id>/cancel", methods=["POST"])
@login_required
def cancel_order(order_id):
    current_user.cancel(order_id)
    return jsonify(ok=True)


@orders.route("/<int:order_id>/address", methods=["POST"])
def change_address(order_id):  # expect: CWE-306
    db.session.add(Order(address=request.form["address"]))
    db.session.commit()
    return jsonify(ok=True)


@orders.route("/health")
def health():
    return "ok"
