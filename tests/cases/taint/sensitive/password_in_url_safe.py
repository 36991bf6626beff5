"""Look-alikes: the password in a POST body or in HTTP basic auth, a reset link carrying a token (not a password),
and the password's strength in a URL."""

import requests
from flask import Flask, redirect, request, url_for

app = Flask(__name__)


def sync(username, password):
    requests.post("https://legacy.example.com/api", data={"user": username, "password": password}, timeout=10)
    requests.get("https://legacy.example.com/api", auth=(username, password), timeout=10)
    requests.get(f"https://legacy.example.com/api?user={username}&strong={len(password) > 12}", timeout=10)


@app.route("/forgot", methods=["POST"])
def forgot():
    reset_token = make_token(request.form["email"])
    return redirect(url_for("reset", token=reset_token))


def make_token(email):
    return "t"
