"""A Jinja2 environment of the application's own, rendering a template it loads by name, and a template that
reads request data itself."""

from flask import Flask, render_template, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

app = Flask(__name__)
env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html"]))


@app.route("/card")
def card():
    title = request.args.get("title", "")
    template = env.get_template("card.html")
    return template.render(title=title, footer="(c) shop")


@app.route("/search")
def search():
    return render_template("search.html", results=[])


mail_env = Environment(loader=FileSystemLoader("templates"))  # expect: CWE-116


@app.route("/mail-preview")
def mail_preview():
    subject = request.args.get("subject", "")
    return mail_env.get_template("card.html").render(title=subject)  # expect: CWE-79
