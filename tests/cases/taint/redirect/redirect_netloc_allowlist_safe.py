"""Outbound link redirector that only follows links to partner hosts (netloc checked against an allow-list)."""

from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
PARTNER_HOSTS = {"partner.example.com", "docs.example.com"}


@app.route("/out")
def outbound():
    target = request.args["to"]
    if urlparse(target).netloc not in PARTNER_HOSTS:
        abort(400)
    return redirect(target)
