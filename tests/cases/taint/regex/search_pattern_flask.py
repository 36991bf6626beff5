"""A search box whose text is used as a regular expression: "(a+)+$" keeps the worker busy for minutes."""

import re

from flask import Flask, jsonify, request

app = Flask(__name__)
TITLES = ["Annual report", "Quarterly figures", "Board minutes"]


@app.route("/search")
def search():
    pattern = request.args.get("q", "")
    return jsonify([t for t in TITLES if re.search(pattern, t, re.IGNORECASE)])  # expect: CWE-1333


@app.route("/filter")
def filter_titles():
    matcher = re.compile(request.args["rule"])  # expect: CWE-1333
    return jsonify([t for t in TITLES if matcher.match(t)])
