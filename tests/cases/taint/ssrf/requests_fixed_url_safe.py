"""User data in the body or as a number in the path of a fixed service URL is not SSRF."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
WEBHOOK_URL = "https://hooks.example.com/notify"
USERS_API = "https://users.internal.example.com/v1/users"


@app.route("/notify", methods=["POST"])
def notify():
    message = request.form["message"]
    resp = requests.post(WEBHOOK_URL, json={"text": message}, timeout=5)
    return jsonify(delivered=resp.ok)


@app.route("/profile")
def profile():
    user_id = int(request.args["id"])
    resp = requests.get(f"{USERS_API}/{user_id}", timeout=5)
    return jsonify(resp.json())
