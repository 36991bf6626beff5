"""The same app with Flask-WTF's CSRFProtect enabled in its factory module: no finding."""
from flask import Flask, redirect, render_template, request, session

from .db import save_colour
from .extensions import csrf

app = Flask(__name__)
csrf.init_app(app)


@app.route("/colour", methods=["GET", "POST"])
def colour():
    if not session.get("logged_in"):
        return redirect("/")
    if request.method == "POST":
        save_colour(session.get("user_id"), request.form["colour"])
    return render_template("colour.html")
