"""Server secrets, the process environment and stored passwords sent to the client (CWE-200)."""

import os

from django.conf import settings
from django.http import JsonResponse
from flask import Flask, jsonify, render_template, session

app = Flask(__name__)


@app.route("/debug")
def debug():
    env = dict(os.environ)
    return jsonify(env)  # expect: CWE-200


@app.route("/remember")
def remember():
    session["secret"] = app.config["SECRET_KEY"]  # expect: CWE-200
    return "ok"


@app.route("/profile/<int:uid>")
def profile(uid):
    user = load_user(uid)
    return render_template("profile.html", name=user.name, password=user.password)  # expect: CWE-200


def settings_view(request):
    return JsonResponse({"key": settings.SECRET_KEY})  # expect: CWE-200


def meta_view(request):
    return JsonResponse({"meta": dict(request.META)})  # expect: CWE-200


def load_user(uid):
    return object()
