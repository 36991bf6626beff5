"""Profile and account endpoints that write the client's whole request onto the record."""
from flask import Flask, request

from app.db import db
from app.models import Account, User

app = Flask(__name__)


@app.route("/users", methods=["POST"])
def create_user():
    user = User(**request.get_json())  # expect: CWE-915
    db.session.add(user)
    db.session.commit()
    return "created"


@app.route("/users/<int:uid>", methods=["PATCH"])
def update_user(uid):
    data = request.get_json()
    User.query.filter_by(id=uid).update(**data)  # expect: CWE-915
    return "updated"


@app.route("/accounts/<int:aid>", methods=["PUT"])
def update_account(aid):
    account = Account.query.get_or_404(aid)
    for key, value in request.form.items():
        if hasattr(account, key):
            setattr(account, key, value)  # expect: CWE-915
    db.session.commit()
    return "saved"
