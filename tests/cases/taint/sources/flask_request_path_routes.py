"""request.path is only as untrusted as the route lets it be: a literal route matches one exact path."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/reports/monthly")
def monthly_report():
    section = request.path.split("/")[1]  # always "reports": Flask matched this literal rule
    with closing(sqlite3.connect("reports.db")) as conn:
        rows = conn.execute(f"SELECT * FROM {section} WHERE period = 'month'").fetchall()
    return jsonify(rows=rows)


@app.route("/reports/<kind>")
def report_by_kind(kind):
    section = request.path.split("/")[2]  # the <kind> segment: whatever the client typed
    with closing(sqlite3.connect("reports.db")) as conn:
        rows = conn.execute(f"SELECT * FROM {section}").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
