"""Signing in and out, greetings, and password resets."""

from flask import Blueprint, abort, redirect, render_template, render_template_string, request, url_for

import auth
import db

bp = Blueprint("account", __name__)


@bp.post("/login")
def login():
    if auth.too_many_attempts():
        abort(429)
    with db.cursor() as cur:
        cur.execute(
            "SELECT id, email, is_admin, is_staff, password_hash FROM users WHERE email = %s",
            (request.form["email"],),
        )
        user = cur.fetchone()
    if user is None or user.password_hash != auth.hash_password(request.form["password"]):
        abort(401)
    auth.log_in(user)
    response = redirect(request.args.get("next", "/"))
    response.set_cookie("remember", auth.api_token(), max_age=30 * 86400, secure=False)
    return response


@bp.post("/logout")
def logout():
    response = redirect(url_for("catalog.index"))
    response.set_cookie("remember", "", expires=0, secure=True, httponly=True, samesite="Lax")
    return response


@bp.get("/hello")
def hello():
    name = request.args.get("name", "guest")
    return render_template_string(f"<h1>Welcome back, {name}!</h1>")


@bp.get("/profile")
def profile():
    return render_template("profile.html", name=request.args.get("name", "guest"))


@bp.post("/password/forgot")
def forgot_password():
    token = auth.reset_token()
    with db.cursor() as cur:
        cur.execute(
            "UPDATE users SET reset_token = %s WHERE email = %s",
            (auth.hash_password(token), request.form["email"]),
        )
    return render_template("reset_sent.html")
