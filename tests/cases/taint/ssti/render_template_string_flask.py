"""The user's name becomes part of the template source itself: `{{ config }}` would be evaluated."""

from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greeting")
def greeting():
    name = request.args.get("name", "guest")
    template = "<h1>Hello " + name + "</h1>"
    return render_template_string(template)  # expect: CWE-1336
