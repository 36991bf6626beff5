"""Look-alikes: an allow-list of keys, explicit fields, and a plain dict merge."""
from flask import Flask, request
from flask_login import current_user

from app.db import db
from app.models import Account, User

app = Flask(__name__)
EDITABLE = {"display_name", "email", "bio"}


@app.route("/users", methods=["POST"])
def create_user():
    body = request.get_json()
    user = User(name=body["name"], email=body["email"])
    db.session.add(user)
    db.session.commit()
    return "created"


@app.route("/accounts/<int:aid>", methods=["PUT"])
def update_account(aid):
    account = Account.query.filter_by(id=aid, owner_id=current_user.id).first_or_404()
    for key, value in request.form.items():
        if key in EDITABLE:
            setattr(account, key, value)
    db.session.commit()
    return "saved"


@app.route("/preview", methods=["POST"])
def preview():
    options = {"theme": "light"}
    options.update(**request.get_json())
    return str(len(options))
