# -*- coding: utf-8 -*-
"""A Python 2 Flask tool (print statements, ``except E, e``, backticks, ``<>``): read as Python 2, its flows are
found on the lines the author wrote."""

import subprocess
import sys

from flask import Flask, jsonify, request

app = Flask(__name__)


def _log(message):
    print >>sys.stderr, "[ping] %s" % message


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    print "pinging", host
    try:
        output = subprocess.check_output("ping -c 1 " + host, shell=True)  # expect: CWE-78
    except subprocess.CalledProcessError, e:
        _log("failed: " + `e`)
        return "ping failed", 500
    return jsonify(output=output)


@app.route("/trace")
def trace():
    host = request.args.get("host", "")
    if request.args.get("verbose") <> "1":
        _log("quiet trace of %s" % host)
    return jsonify(output=subprocess.check_output(["traceroute", "-m", "8", host]))
