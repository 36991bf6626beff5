"""The URL passed by keyword (url=) is the same sink as the positional form."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/webhooks/test", methods=["POST"])
def test_webhook():
    resp = requests.post(url=request.form["url"], json={"ping": True}, timeout=5)  # expect: CWE-918
    return jsonify(status=resp.status_code)
