from flask import Flask, abort, request

from .db import find_author

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():  # expect: CWE-307
    author = find_author(request.form["username"])
    if request.form["password"] != author.password:  # expect: CWE-256
        abort(401)
    return "welcome"
