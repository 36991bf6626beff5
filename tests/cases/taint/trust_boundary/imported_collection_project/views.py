"""Login views: the record the lookup found may go in the session; the name the client typed may not."""

from flask import Flask, jsonify, request, session

from store import users

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    user = users.find_one({"username": str(body["username"]), "password_hash": str(body["digest"])})
    if user:
        session["user_id"] = str(user.get("_id"))
    return jsonify(ok=bool(user))


@app.route("/remember", methods=["POST"])
def remember():
    body = request.get_json()
    session["display_name"] = body["display_name"]  # expect: CWE-501
    return jsonify(ok=True)
