"""A Flask app whose logged-in users change their settings by plain form posts, with no CSRF token."""
from flask import Flask, redirect, render_template, request, session

from .db import save_colour, save_email

app = Flask(__name__)


@app.route("/")
def home():
    return render_template("index.html")


@app.route("/colour", methods=["GET", "POST"])
def colour():  # expect: CWE-352
    if not session.get("logged_in"):
        return redirect("/")
    if request.method == "POST":
        save_colour(session.get("user_id"), request.form["colour"])
    return render_template("colour.html")


@app.route("/email", methods=["POST"])
def email():
    if "user_id" not in session:
        return redirect("/")
    save_email(session["user_id"], request.form["email"])
    return redirect("/")


@app.route("/search", methods=["POST"])
def search():
    return render_template("results.html", q=len(request.form["q"]))
