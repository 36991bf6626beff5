"""Login and CSRF helpers of a small Flask app."""
import base64
import hashlib
import hmac
import os
import secrets
import uuid
from time import gmtime, strftime

from flask import Flask, make_response, render_template, request, session

app = Flask(__name__)
SECRET_KEY = os.environ["CSRF_SECRET"].encode()


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    resp = make_response(render_template("home.html"))
    resp.set_cookie("sessionid", hashlib.sha256(username.encode("utf-8")).hexdigest(),  # expect: CWE-341
                    secure=True, httponly=True)
    return resp


def new_csrf_token():
    now = strftime("%H:%M", gmtime())
    raw = session["username"] + now
    session["csrf_token"] = base64.b64encode(raw.encode())  # expect: CWE-341


@app.route("/login2", methods=["POST"])
def login_random():
    resp = make_response(render_template("home.html"))
    resp.set_cookie("sessionid", secrets.token_urlsafe(32), secure=True, httponly=True)
    return resp


def signed_csrf_token():
    raw = session["username"] + strftime("%H:%M", gmtime())
    session["csrf_token"] = hmac.new(SECRET_KEY, raw.encode(), hashlib.sha256).hexdigest()


def salted_reset_token(user):
    reset_token = hashlib.sha256((user.email + secrets.token_hex(16)).encode()).hexdigest()
    return reset_token


def cache_key(username):
    token_cache_key = hashlib.sha256(username.encode()).hexdigest()  # a cache key, not a token
    return token_cache_key


def request_id():
    trace_token = uuid.uuid4().hex
    return trace_token
