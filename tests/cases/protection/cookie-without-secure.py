"""Cookies set by views: secure=False flagged, secure=True and settings left on not."""

from flask import Flask, make_response, request

app = Flask(__name__)
app.config["SESSION_COOKIE_SECURE"] = False  # expect: CWE-614


@app.route("/remember")
def remember():
    response = make_response("ok")
    cookie = "rememberMe"
    value = request.cookies.get("pref", "light")
    response.set_cookie(cookie, value, path="/remember", secure=False, httponly=True)  # expect: CWE-614
    response.set_cookie(  # expect: CWE-614
        "theme", "dark", secure=False,
        httponly=True)
    return response


@app.route("/safe")
def safe():
    response = make_response("ok")
    response.set_cookie("rememberMe", "1", path="/safe", secure=True, httponly=True)
    return response


class DevelopmentConfig:
    SESSION_COOKIE_SECURE = False
