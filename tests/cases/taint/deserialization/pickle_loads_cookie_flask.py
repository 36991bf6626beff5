"""Shopping cart kept client-side as a base64 pickle in a cookie, unpickled on every request."""

import base64
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    raw = request.cookies.get("cart", "")
    items = pickle.loads(base64.b64decode(raw))  # expect: CWE-502
    return jsonify(count=len(items))
