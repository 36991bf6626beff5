"""Request headers and cookies are client-controlled."""

import os

from flask import Flask, jsonify, redirect, request

app = Flask(__name__)
LOCALES = "/srv/app/locales"


@app.route("/canonical")
def canonical():
    host = request.headers.get("X-Forwarded-Host", "example.com")
    return redirect("https://" + host + "/")  # expect: CWE-601


@app.route("/messages")
def messages():
    lang = request.cookies["lang"]
    with open(os.path.join(LOCALES, lang + ".json"), encoding="utf-8") as fh:  # expect: CWE-22
        catalogue = fh.read()
    return jsonify(size=len(catalogue))
