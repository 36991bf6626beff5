"""User data returned as JSON (jsonify) or passed to an autoescaped template (render_template): not XSS."""

from flask import Flask, jsonify, render_template, request

app = Flask(__name__)


@app.route("/api/echo")
def echo():
    name = request.args.get("name", "")
    return jsonify(name=name)


@app.route("/profile")
def profile():
    name = request.args.get("name", "")
    return render_template("profile.html", name=name)
