"""Look-alikes that are safe: autoescaped output of request data, |safe on constants and on cleaned HTML, a page
body that nothing in the code taints, and raw output of data escaped before the render."""

import bleach
from flask import Flask, render_template, request
from markupsafe import escape

app = Flask(__name__)
PAGES = {"about": "<p>About us</p>"}


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    about = PAGES["about"]
    return render_template("hello.html", name=name, about=about, notice=escape(name),
                           cleaned=bleach.clean(request.args.get("html", "")))


@app.route("/page/<slug>")
def page(slug):
    return render_template("page.html", page=load_page(slug))


def load_page(slug):
    return {"content": "<p>static</p>"}
