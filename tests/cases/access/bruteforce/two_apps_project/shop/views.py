"""Two apps in one repository: the shop counts failed logins, the blog does not."""
from flask import Flask, abort, request

from .db import find_user, record_failure

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = find_user(request.form["username"])
    if user.failed_attempts >= 5:
        abort(429)
    if request.form["password"] != user.password:  # expect: CWE-256
        record_failure(user)
        abort(401)
    return "welcome"
