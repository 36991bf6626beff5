"""A search endpoint that globs with the client's pattern: "../*" or "**" lists files outside the folder."""

import glob
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
REPORTS = Path("/srv/reports")


@app.route("/reports")
def reports():
    pattern = request.args.get("pattern", "*.pdf")
    return jsonify([p.name for p in REPORTS.glob(pattern)])  # expect: CWE-22


@app.route("/all-reports")
def all_reports():
    return jsonify([str(p) for p in REPORTS.rglob(request.args["q"])])  # expect: CWE-22


@app.route("/logs")
def logs():
    return jsonify(glob.glob("/var/log/app/" + request.args["name"]))  # expect: CWE-22
