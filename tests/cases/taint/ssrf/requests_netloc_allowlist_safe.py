"""Image proxy that only fetches from known hosts: the parsed netloc is checked against an allow-list."""

from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}


@app.route("/proxy")
def proxy_image():
    url = request.args["url"]
    if urlparse(url).netloc not in ALLOWED_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5)
    return jsonify(status=resp.status_code, length=len(resp.content))
