"""A profile page: the bio is rendered with |safe in the template, the name is autoescaped."""

from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/profile")
def profile():
    bio = request.args.get("bio", "")
    name = request.args.get("name", "")
    return render_template("profile.html", bio=bio, name=name, title="Profile")
