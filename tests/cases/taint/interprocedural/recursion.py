"""A recursive helper (leading-slash stripper) passes its argument through; the analysis must terminate."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)
BASE = "/srv/app/files"


def strip_leading_slashes(path):
    if path.startswith("/"):
        return strip_leading_slashes(path[1:])
    return path


@app.route("/files")
def read_file():
    relative = strip_leading_slashes(request.args["path"])
    with open(os.path.join(BASE, relative), encoding="utf-8") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)
