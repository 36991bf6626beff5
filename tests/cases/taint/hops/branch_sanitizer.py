"""A sanitizer on one branch does not clean the other; sanitizing (or replacing) on every branch does."""

import os

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
BASE = "/srv/app/files"


@app.route("/files/one-branch")
def one_branch():
    name = request.args["name"]
    if request.args.get("strict"):
        name = secure_filename(name)
    with open(os.path.join(BASE, name), encoding="utf-8") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)


@app.route("/files/every-branch")
def every_branch():
    name = request.args["name"]
    if request.args.get("strict"):
        name = secure_filename(name)
    else:
        name = "index.txt"
    with open(os.path.join(BASE, name), encoding="utf-8") as fh:
        lines = fh.readlines()
    return jsonify(lines=lines)
