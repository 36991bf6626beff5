"""Every way of building a string keeps the taint: f-string, %, .format, + and join."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/dns/fstring")
def dns_fstring():
    host = request.args["host"]
    os.system(f"dig +short {host}")  # expect: CWE-78
    return jsonify(done=True)


@app.route("/dns/percent")
def dns_percent():
    host = request.args["host"]
    os.system("dig +short %s" % host)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/dns/percent-tuple")
def dns_percent_tuple():
    host = request.args["host"]
    os.system("dig +short %s %s" % ("A", host))  # expect: CWE-78
    return jsonify(done=True)


@app.route("/dns/format")
def dns_format():
    host = request.args["host"]
    os.system("dig +short {}".format(host))  # expect: CWE-78
    return jsonify(done=True)


@app.route("/dns/concat")
def dns_concat():
    host = request.args["host"]
    os.system("dig +short " + host)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/dns/join")
def dns_join():
    host = request.args["host"]
    os.system(" ".join(["dig", "+short", host]))  # expect: CWE-78
    return jsonify(done=True)
