"""String methods (strip, lower, replace, split()[0], slicing) return data derived from their receiver."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tools/strip")
def tool_strip():
    os.system("whois " + request.args["domain"].strip())  # expect: CWE-78
    return jsonify(done=True)


@app.route("/tools/lower")
def tool_lower():
    domain = request.args["domain"].lower()
    os.system("whois " + domain)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/tools/replace")
def tool_replace():
    domain = request.args["domain"].replace("http://", "")
    os.system("whois " + domain)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/tools/split")
def tool_split():
    domain = request.args["domain"].split()[0]
    os.system("whois " + domain)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/tools/slice")
def tool_slice():
    domain = request.args["domain"][:253]
    os.system("whois " + domain)  # expect: CWE-78
    return jsonify(done=True)
