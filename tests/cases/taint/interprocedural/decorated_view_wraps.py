"""A functools.wraps decorator between @app.route and the view: URL variables and request data are still sources."""

import functools
import logging
import os
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
REPORTS = "/srv/app/reports"
audit = logging.getLogger("audit")


def audited(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        audit.info("view %s called", view.__name__)
        return view(*args, **kwargs)

    return wrapper


@app.route("/reports/<name>")
@audited
def report(name):
    with open(os.path.join(REPORTS, name), encoding="utf-8") as fh:  # expect: CWE-22
        rows = fh.readlines()
    return jsonify(rows=rows)


@app.route("/reports/render", methods=["POST"])
@audited
def render_report():
    subprocess.run("render-report " + request.form["template"], shell=True, check=True)  # expect: CWE-78
    return jsonify(rendered=True)
