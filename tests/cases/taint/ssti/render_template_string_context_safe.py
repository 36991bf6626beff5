"""A constant template with the name passed as a variable: rendered as data and autoescaped."""

from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greeting")
def greeting():
    name = request.args.get("name", "guest")
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)
