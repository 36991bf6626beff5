"""``get_json(force=True)`` and ``json.loads(request.data)`` parse any body: a cross-site form with
``enctype="text/plain"`` can send one that is valid JSON, so echoing what they hold into HTML is reflected XSS."""

import json

from flask import Flask, request

app = Flask(__name__)


@app.post("/echo")
def echo():
    return "<p>%s</p>" % request.get_json(force=True)["name"]  # expect: CWE-79


@app.post("/raw")
def raw():
    body = json.loads(request.data)
    return "<p>%s</p>" % body["name"]  # expect: CWE-79
