"""Values that autoescaping cannot protect where the template puts them: a script, an event handler, an
unquoted attribute and the start of a link."""

from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/share")
def share():
    target = request.args.get("next", "/")
    label = request.args.get("label", "")
    query = request.args.get("q", "")
    page = {"query": query, "label": label, "target": target}
    return render_template("share.html", **page)


@app.route("/widget")
def widget():
    color = request.args.get("color", "blue")
    return render_template(["widget.html", "fallback.html"], color=color, theme=request.cookies.get("theme"))
