"""A proxy for an allow-listed host that returns the page it fetched: the host answers with its own content, which
is no more the client's text than a file the server reads, so neither SSRF nor reflected XSS."""

from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED_HOSTS = {"docs.example.com"}


@app.route("/docs")
def docs():
    url = request.args["url"]
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    return requests.get(url, timeout=5).text
