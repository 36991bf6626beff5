"""Themes: the client picks one of the known stylesheets; the file read is always one the code names."""
from flask import Flask, abort, current_app, request

app = Flask(__name__)
THEMES = {"light": "themes/light.css", "dark": "themes/dark.css"}


@app.route("/theme")
def theme():
    choice = request.args.get("theme", "light")
    if choice not in THEMES:
        abort(404)
    with current_app.open_resource(THEMES[choice]) as fh:
        return fh.read(), 200, {"Content-Type": "text/css"}
