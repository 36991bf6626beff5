"""The same client where the request's text is appended to the base with no path of the code's own between
them: "@attacker.example" or ".attacker.example" after a base without a trailing slash changes the host."""

import os

import requests
from flask import Flask, request

app = Flask(__name__)
BILLING = os.environ["BILLING_URL"]


@app.route("/invoices")
def invoices():
    reply = requests.get(BILLING + request.args["path"], timeout=5)  # expect: CWE-918
    return {"invoice": reply.json()}


@app.route("/search")
def search():
    reply = requests.get(f"{BILLING}{request.args['path']}/search", timeout=5)  # expect: CWE-918
    return {"hits": reply.json()}


@app.route("/proxy")
def proxy():
    reply = requests.get(f"{request.args['host']}/status", timeout=5)  # expect: CWE-918
    return {"status": reply.json()}
