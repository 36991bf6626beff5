"""Stored card numbers and national ids sent back to the client in full (CWE-359)."""

from flask import Flask, jsonify
from flask_login import current_user, login_required

from billing.models import Customer

app = Flask(__name__)


@app.route("/me")
@login_required
def customer():
    record = Customer.query.filter_by(user_id=current_user.id).first_or_404()
    return jsonify(name=record.name, card_number=record.card_number)  # expect: CWE-359


@app.route("/me/tax")
@login_required
def tax():
    record = Customer.query.filter_by(user_id=current_user.id).first_or_404()
    return jsonify({"holder": record.name, "ssn": record.ssn})  # expect: CWE-359
