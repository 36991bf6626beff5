"""Link preview: the server fetches whatever URL the client names."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    url = request.args["url"]
    resp = requests.get(url, timeout=5)  # expect: CWE-918
    return jsonify(status=resp.status_code, length=len(resp.content))
