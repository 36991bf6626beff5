"""Flask's default signed-cookie session: its value changes at login, so there is no id to fixate."""
from flask import Flask, abort, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.security import check_password_hash

from .db import find_user

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app)


@app.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    user = find_user(request.form.get("username", ""))
    if not check_password_hash(user.password_hash, request.form.get("password", "")):
        abort(401)
    session["authenticated"] = True
    return "welcome"
