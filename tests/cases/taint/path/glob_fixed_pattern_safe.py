"""Globbing with patterns written in the code; the client only picks among fixed choices."""

from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
REPORTS = Path("/srv/reports")
KINDS = {"pdf": "*.pdf", "csv": "*.csv"}


@app.route("/reports")
def reports():
    pattern = KINDS.get(request.args.get("kind", "pdf"), "*.pdf")
    return jsonify([p.name for p in REPORTS.glob(pattern)])


@app.route("/all-reports")
def all_reports():
    return jsonify([p.name for p in REPORTS.rglob("*.pdf") if request.args.get("q", "") in p.name])
