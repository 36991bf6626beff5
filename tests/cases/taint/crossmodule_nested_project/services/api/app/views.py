"""A service whose package `app` starts below the scan root (services/api), next to another service that also
has a package named `app`: `from app.db import ...` means this service's module."""

from flask import Flask, jsonify, request

from app.db import account_for

api = Flask(__name__)


@api.route("/accounts")
def accounts():
    return jsonify(account_for(request.args["email"]))
