"""A shop whose login can be tried without limit."""
from flask import Flask, redirect, render_template, request
from flask_login import login_user
from werkzeug.security import check_password_hash

from .db import find_user

app = Flask(__name__)


@app.route("/login", methods=["GET", "POST"])
def login():  # expect: CWE-307
    if request.method == "POST":
        user = find_user(request.form["username"])
        if user and check_password_hash(user.password_hash, request.form["password"]):
            login_user(user)
            return redirect("/")
    return render_template("login.html")


@app.route("/api/login", methods=["POST"])
def api_login():
    user = find_user(request.json["username"])
    if user and check_password_hash(user.password_hash, request.json["password"]):
        return {"ok": True}
    return {"ok": False}, 401
