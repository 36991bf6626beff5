"""Two more ways of keeping a download inside its folder: the normalised path's common prefix with the folder
is the folder, or the name is one the folder's own listing holds."""

import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/report")
def report():
    full = os.path.realpath(os.path.join(REPORTS, request.args["name"]))
    if os.path.commonpath([full, REPORTS]) != REPORTS:
        abort(403)
    return send_file(full)


@app.route("/listed")
def listed():
    name = request.args["name"]
    if name not in os.listdir(REPORTS):
        abort(404)
    with open(os.path.join(REPORTS, name), "rb") as fh:
        return fh.read()
