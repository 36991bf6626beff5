"""Resolving the path is not enough: here the prefix check only logs, and the file is opened anyway."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)
BASE_DIR = os.path.realpath("/srv/app/reports")


@app.route("/reports/view")
def view_report():
    requested = os.path.realpath(os.path.join(BASE_DIR, request.args["name"]))
    if not requested.startswith(BASE_DIR + os.sep):
        app.logger.warning("report path outside the report folder")
    with open(requested, encoding="utf-8") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)
