"""Look-alikes: a hash checked with its verify function, the confirmation field compared with the first field,
a password compared with a literal policy, and its length."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask import Flask, request
from werkzeug.security import check_password_hash

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app)  # logins are rate limited: not this case's subject


@app.route("/login", methods=["POST"])
def login():
    user = find_user(request.form["username"])
    if user is not None and check_password_hash(user.password_hash, request.form["password"]):
        return "welcome"
    return "no"


@app.route("/register", methods=["POST"])
def register():
    if request.form["password"] != request.form["confirm_password"]:
        return "the passwords differ"
    if request.form["password"] == "":
        return "empty"
    if len(request.form["password"]) == 0:
        return "empty"
    return "ok"


def find_user(name):
    return None
