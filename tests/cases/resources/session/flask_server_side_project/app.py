"""A Flask app with server-side sessions (Flask-Session): the id survives a login that does not clear it."""
from flask import Flask, abort, request, session
from flask_session import Session
from werkzeug.security import check_password_hash

from .db import find_user

app = Flask(__name__)
app.config["SESSION_TYPE"] = "redis"
Session(app)


@app.route("/login", methods=["POST"])
def login():  # expect: CWE-307
    user = find_user(request.form.get("username", ""))
    if not check_password_hash(user.password_hash, request.form.get("password", "")):
        abort(401)
    session["authenticated"] = True  # expect: CWE-384
    return "welcome"


@app.route("/sudo", methods=["POST"])
def sudo():
    user = find_user(request.form.get("username", ""))
    if not check_password_hash(user.password_hash, request.form.get("password", "")):
        abort(401)
    session.clear()
    session["authenticated"] = True
    return "welcome"
