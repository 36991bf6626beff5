"""Logins that store what the authentication or the user lookup returned, not what the client sent."""

from flask import Flask, jsonify, request, session
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient().shop.users


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    user = users.find_one({"username": str(body["username"]), "password_hash": str(body["digest"])})
    if user:
        session["user_id"] = str(user.get("_id"))
        session["username"] = user.get("username")
    return jsonify(ok=bool(user))


@app.route("/welcome/resend", methods=["POST"])
def resend_welcome():
    user = app.config["DIRECTORY"].get_user(email=request.form["email"])
    session["pending_user"] = user.id
    return jsonify(ok=True)
