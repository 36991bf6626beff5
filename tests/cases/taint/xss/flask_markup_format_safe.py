"""Markup escapes what it formats in or is added to: Markup(template).format(label), Markup(template) % label
and Markup(...) + text are the safe ways to build what flask_markup.py builds with an f-string or a %-string."""

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


@app.route("/note")
def note():
    return Markup("<em>%s</em>") % request.args.get("note", "") + Markup("<br>") + request.args.get("by", "")
