"""A proxy to a fixed internal service: the base URL is a class constant or a helper returning one, so the
client only chooses a path on that host."""

import requests
from flask import Flask, request

app = Flask(__name__)


class Upstream:
    BASE_URL = "http://inventory.internal:8080/"
    TIMEOUT = 5


def upstream_base():
    """The service every lookup goes to."""
    return Upstream.BASE_URL + "api/"


@app.route("/items")
def items():
    reply = requests.get(Upstream.BASE_URL + request.args["path"], timeout=Upstream.TIMEOUT)
    return {"result": reply.json()}


@app.route("/stock")
def stock():
    reply = requests.get(upstream_base() + request.args["sku"], timeout=5)
    return {"result": reply.json()}
