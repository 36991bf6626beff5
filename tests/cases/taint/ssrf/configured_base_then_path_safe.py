"""An API client: the base URL comes from the deployment's settings, and the request only chooses a path
under it ("/users/<id>"), so it cannot send the server to another host."""

import os

import requests
from django.conf import settings
from flask import Flask, request

app = Flask(__name__)
BILLING = os.environ["BILLING_URL"]


@app.route("/users")
def user():
    reply = requests.get(settings.USERS_API + "/users/" + request.args["id"], timeout=5)
    return {"user": reply.json()}


@app.route("/invoices")
def invoices():
    reply = requests.get(f"{BILLING}/invoices/{request.args['number']}", timeout=5)
    return {"invoice": reply.json()}
