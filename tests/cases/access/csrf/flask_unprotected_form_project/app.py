"""A members' site without any CSRF protection; the views hand the request to a service layer."""
import os

from flask import Flask, redirect, render_template, request
from flask_login import current_user, login_required

from members.services import update_profile, update_settings

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


@app.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    if request.method == "POST":
        update_profile(current_user, request)
        return redirect("/profile")
    return render_template("profile.html")


@app.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    if request.method == "POST":
        update_settings(current_user, request)
        return redirect("/settings")
    return render_template("settings.html")
