"""Profile form storing the submitted display name in the signed session, later trusted as-is."""

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


@app.route("/profile", methods=["POST"])
def update_profile():
    session["display_name"] = request.form["display_name"]  # expect: CWE-501
    return redirect(url_for("show_profile"))


@app.route("/profile")
def show_profile():
    return "profile"
