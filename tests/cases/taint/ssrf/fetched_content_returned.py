"""The same proxy without the allow-list: the client names the server, so it also writes the page that comes back
(SSRF, and the fetched HTML served from this origin)."""

import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/docs")
def docs():
    url = request.args["url"]
    return requests.get(url, timeout=5).text  # expect: CWE-918, CWE-79
