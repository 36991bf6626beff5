"""The base URL starts as a class constant but is replaced at run time, and a helper reads it from the
environment: neither is a fixed host any more."""

import os

import requests
from flask import Flask, request

app = Flask(__name__)


class Upstream:
    BASE_URL = "http://inventory.internal:8080/"


@app.route("/configure", methods=["POST"])
def configure():
    Upstream.BASE_URL = request.form["base"]
    return "ok"


def upstream_base():
    return os.environ.get("UPSTREAM", "")


@app.route("/items")
def items():
    reply = requests.get(Upstream.BASE_URL + request.args["path"], timeout=5)  # expect: CWE-918
    return {"result": reply.json()}


@app.route("/stock")
def stock():
    reply = requests.get(upstream_base() + request.args["sku"], timeout=5)  # expect: CWE-918
    return {"result": reply.json()}
