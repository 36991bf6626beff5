"""The same checks done on the wrong value: the common prefix of a path that was never normalised ("..", links
still in it), and a name checked against another folder's listing than the one it is opened in."""

import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/report")
def report():
    full = os.path.join(REPORTS, request.args["name"])
    if os.path.commonpath([full, REPORTS]) != REPORTS:
        abort(403)
    return send_file(full)  # expect: CWE-22


@app.route("/listed")
def listed():
    name = request.args["name"]
    if "report.pdf" not in os.listdir(REPORTS):
        abort(404)
    with open(os.path.join(REPORTS, name), "rb") as fh:  # expect: CWE-22
        return fh.read()
