"""A label wrapped in Markup() is trusted by Jinja and rendered without escaping."""

from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/badge")
def badge():
    label = request.args.get("label", "")
    message = Markup(f"<span class='badge'>{label}</span>")  # expect: CWE-79
    return render_template("badge.html", message=message)


@app.route("/note")
def note():
    message = Markup("<em>%s</em>" % request.args.get("note", ""))  # expect: CWE-79
    return render_template("badge.html", message=message)
