"""Markup's own formatting escapes what it formats in: Markup(template).format(label) is the safe way to build
the same badge that flask_markup.py builds with an f-string."""

from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/badge")
def badge():
    label = request.args.get("label", "")
    message = Markup("<span class='badge'>{}</span>").format(label)
    return render_template("badge.html", message=message)


@app.route("/title")
def title():
    return Markup("<h1>{name}</h1>").format(name=request.args.get("name", ""))
