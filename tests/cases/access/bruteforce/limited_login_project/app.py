"""The same login behind Flask-Limiter: no finding."""
from flask import Flask, redirect, render_template, request
from flask_login import login_user
from werkzeug.security import check_password_hash

from .db import find_user
from .extensions import limiter

app = Flask(__name__)


@app.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute")
def login():
    if request.method == "POST":
        user = find_user(request.form["username"])
        if user and check_password_hash(user.password_hash, request.form["password"]):
            login_user(user)
            return redirect("/")
    return render_template("login.html")


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    if password == "":
        return "a password is required", 400
    return "welcome"
