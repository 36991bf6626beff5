"""Report viewer that resolves the path and refuses anything outside the report folder."""

import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
BASE_DIR = os.path.realpath("/srv/app/reports")


@app.route("/reports/view")
def view_report():
    requested = os.path.realpath(os.path.join(BASE_DIR, request.args["name"]))
    if not requested.startswith(BASE_DIR + os.sep):
        abort(404)
    with open(requested, encoding="utf-8") as fh:
        lines = fh.readlines()
    return jsonify(lines=lines)
