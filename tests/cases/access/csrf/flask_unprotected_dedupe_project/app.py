"""No CSRF protection: csrf-protection-missing reports the application at its view; its form adds nothing."""
import os

from flask import Flask, redirect, render_template, request
from flask_login import current_user, login_required

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


@app.route("/password", methods=["GET", "POST"])
@login_required
def change_password():  # expect: CWE-352
    if request.method == "POST":
        current_user.set_password(request.form["new_password"])
        return redirect("/")
    return render_template("password.html")
