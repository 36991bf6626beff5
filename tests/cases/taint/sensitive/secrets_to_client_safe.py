"""Look-alikes: one environment variable that is not a secret, a token issued to the client that logged in, the
password's length, and a Django session (kept on the server)."""

import os

from django.conf import settings
from django.http import JsonResponse
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask import Flask, jsonify, request

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app)  # logins are rate limited: not this case's subject


@app.route("/home")
def home():
    return jsonify(home=os.environ.get("HOME"), region=os.environ["REGION"])


@app.route("/token", methods=["POST"])
def token():
    user = authenticate(request.form["username"], request.form["password"])
    access_token = issue_token(user)
    return jsonify(access_token=access_token, token_type="bearer")


@app.route("/policy")
def policy():
    password = request.args.get("password", "")
    return jsonify(long_enough=len(password) >= 12)


def agent_view(request):
    request.session["api_key"] = settings.API_KEY
    return JsonResponse({"agent": request.META["HTTP_USER_AGENT"]})


def authenticate(username, password):
    return username


def issue_token(user):
    return "t"
