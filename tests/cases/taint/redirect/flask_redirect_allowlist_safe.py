"""Redirects only to known in-app targets: an allow-list with an early return, else url_for()."""

from flask import Flask, redirect, request, url_for

app = Flask(__name__)
ALLOWED_TARGETS = {"/", "/account", "/orders"}


@app.route("/continue")
def continue_to_next():
    target = request.args.get("next", "/")
    if target not in ALLOWED_TARGETS:
        return redirect(url_for("index"))
    return redirect(target)


@app.route("/")
def index():
    return "home"
