"""Health checker using a urllib3 PoolManager on a URL from the JSON body."""

import urllib3
from flask import Flask, jsonify, request

app = Flask(__name__)
http = urllib3.PoolManager(timeout=5.0)


@app.route("/health-check", methods=["POST"])
def health_check():
    endpoint = request.get_json()["endpoint"]
    resp = http.request("GET", endpoint)  # expect: CWE-918
    return jsonify(status=resp.status)
