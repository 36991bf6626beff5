"""A shop with CSRFProtect on, where the avatar upload was exempted for a mobile client."""
import os

from flask import Flask, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
csrf = CSRFProtect(app)


@app.route("/account")
@login_required
def account():
    return render_template("account.html")


@app.route("/account/avatar", methods=["POST"])
@csrf.exempt  # expect: CWE-352
@login_required
def upload_avatar():
    current_user.set_avatar(request.files["avatar"].read())
    return redirect(url_for("account"))


@app.route("/account/email", methods=["POST"])
@login_required
def change_email():
    current_user.email = request.form["email"]
    return redirect(url_for("account"))
