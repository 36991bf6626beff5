"""Report download: the name is tested for existence, then opened. One defect, reported where the file is read."""
import os

from flask import Flask, abort, request

app = Flask(__name__)
REPORTS = "/srv/reports/"


@app.route("/report")
def report():
    path = REPORTS + request.args["name"]
    if not os.path.isfile(path):
        abort(404)
    with open(path, "rb") as fh:  # expect: CWE-22
        return fh.read(), 200, {"Content-Type": "application/pdf"}


@app.route("/report/exists")
def report_exists():
    # only the probe: which files exist is itself disclosed
    return {"exists": os.path.exists(REPORTS + request.args["name"])}  # expect: CWE-22
