"""Themes: a stylesheet named by the client is read with the application's open_resource."""
from flask import Flask, current_app, request

app = Flask(__name__)


@app.route("/theme")
def theme():
    name = request.args.get("css", "default.css")
    with current_app.open_resource("themes/" + name) as fh:  # expect: CWE-22
        return fh.read(), 200, {"Content-Type": "text/css"}


@app.route("/theme/raw")
def theme_raw():
    name = request.args.get("css", "default.css")
    with app.open_resource(name) as fh:  # expect: CWE-22
        return fh.read(), 200, {"Content-Type": "text/css"}
