"""The session gets the id of the account row found in the database, not the submitted text."""

from flask import Flask, abort, jsonify, request, session

from accounts.models import Account

app = Flask(__name__)


@app.route("/switch-account", methods=["POST"])
def switch_account():
    account = Account.query.filter_by(slug=request.form["account"]).first()
    if account is None:
        abort(404)
    session["account_id"] = account.id
    return jsonify(switched=True)
