"""A stored password compared with the one typed in: the password is kept in plain text (CWE-256)."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask import Flask, request

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app)  # logins are rate limited: not this case's subject


@app.route("/login", methods=["POST"])
def login():
    user = find_user(request.form["username"])
    if user is not None and user.password == request.form["password"]:  # expect: CWE-256
        return "welcome"
    return "no"


class Member:
    def __init__(self, name, password):
        self.name = name
        self.password = password

    def check(self, password):
        return self.password == password  # expect: CWE-256


def verify(row, password):
    return password != row["password"]  # expect: CWE-256


def find_user(name):
    return None
