"""Profile and account endpoints that write the client's whole request onto the record."""
from flask import Flask, request
from flask_login import current_user

from app.db import db
from app.models import Account, User

app = Flask(__name__)


@app.route("/users", methods=["POST"])
def create_user():
    user = User(**request.get_json())  # expect: CWE-915
    db.session.add(user)
    db.session.commit()
    return "created"


@app.route("/me", methods=["PATCH"])
def update_me():
    data = request.get_json()
    User.query.filter_by(id=current_user.id).update(**data)  # expect: CWE-915
    return "updated"


@app.route("/accounts/<int:aid>", methods=["PUT"])
def update_account(aid):
    account = Account.query.filter_by(id=aid, owner_id=current_user.id).first_or_404()
    for key, value in request.form.items():
        if hasattr(account, key):
            setattr(account, key, value)  # expect: CWE-915
    db.session.commit()
    return "saved"
