"""The greeting page with escaping (markupsafe.escape, html.escape) or a number: nothing to report."""

import html

from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "visitor")
    return f"<h1>Hello, {escape(name)}!</h1>"


@app.route("/farewell")
def farewell():
    name = html.escape(request.args.get("name", "visitor"))
    return "<h1>Goodbye, " + name + "!</h1>"


@app.route("/page")
def page():
    number = int(request.args.get("n", "1"))
    return f"<p>Page {number}</p>"
