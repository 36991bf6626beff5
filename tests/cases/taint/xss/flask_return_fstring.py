"""Greeting page: a Flask view returns HTML with the visitor's name formatted in unescaped."""

from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "visitor")
    return f"<h1>Hello, {name}!</h1>"  # expect: CWE-79
