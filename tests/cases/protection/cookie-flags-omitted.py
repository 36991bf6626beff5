"""Login cookies set without secure=/httponly=: set_cookie defaults both to False, whatever the session settings
say. Preference cookies, deletions and cookies whose flags come in **options are not judged."""

from flask import Flask, make_response, request

app = Flask(__name__)
app.config["SESSION_COOKIE_SECURE"] = True
COOKIE_OPTIONS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.route("/login", methods=["POST"])
def login():
    token = issue_token(request.form["username"], request.form["password"])
    response = make_response("welcome")
    response.set_cookie("auth_token", token, max_age=3600)  # expect: CWE-614
    response.set_cookie("remember_me", "1", secure=True)  # expect: CWE-1004
    response.set_cookie("session_id", token, httponly=True)  # expect: CWE-614
    response.set_cookie("theme", request.form.get("theme", "light"))
    response.set_cookie("sessionid", token, **COOKIE_OPTIONS)
    response.set_cookie("auth_token", token, secure=True, httponly=True, samesite="Strict")
    return response


@app.route("/logout")
def logout():
    response = make_response("bye")
    response.set_cookie("auth_token", "", expires=0)
    response.set_cookie("session_id", "deleted", max_age=0)
    return response


def issue_token(username, password):
    return f"{username}:{len(password)}"
