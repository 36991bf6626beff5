"""A login that stores the name the client typed rather than the one the lookup found."""

from flask import Flask, jsonify, request, session
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient().shop.users


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    user = users.find_one({"username": str(body["username"])})
    session["username"] = body["username"]  # expect: CWE-501
    return jsonify(ok=bool(user))
