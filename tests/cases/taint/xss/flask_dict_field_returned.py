"""A field taken back out of the dict is a string again: returned alone, Flask serves it as HTML."""

from flask import Flask, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    payload = {"query": request.args.get("q", "")}
    return payload["query"]  # expect: CWE-79
