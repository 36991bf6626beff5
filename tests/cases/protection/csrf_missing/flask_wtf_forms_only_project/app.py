"""Flask-WTF forms protect only themselves: the raw form view beside them has no CSRF check."""
from flask import Flask, redirect, request, session

from .db import save_colour, save_email
from .forms import EmailForm

app = Flask(__name__)


@app.route("/email", methods=["GET", "POST"])
def email():
    if "user_id" not in session:
        return redirect("/")
    form = EmailForm()
    if form.validate_on_submit():
        save_email(session["user_id"], request.form["email"])
    return redirect("/")


@app.route("/colour", methods=["POST"])
def colour():  # expect: CWE-352
    if "user_id" not in session:
        return redirect("/")
    save_colour(session["user_id"], request.form["colour"])
    return redirect("/")
