"""Address checks that are not the endpoint's protection: logging the peer, refusing a known-bad address, an
office network allow-list on top of a login, and a check that only picks the greeting."""

import logging

from flask import Flask, abort, request
from flask_login import login_required

app = Flask(__name__)
BLOCKED = {"203.0.113.9"}
log = logging.getLogger(__name__)


@app.route("/upload", methods=["POST"])
@login_required
def upload():
    log.info("upload from %s", request.remote_addr)
    if request.remote_addr in BLOCKED:
        abort(403)
    return {"ok": True}


@app.route("/reports")
@login_required
def reports():
    if request.remote_addr not in ("10.0.0.0", "10.0.0.1"):
        abort(403)
    return {"reports": []}


def main():
    host = "127.0.0.1"
    if host == "127.0.0.1":
        print("serving locally")
