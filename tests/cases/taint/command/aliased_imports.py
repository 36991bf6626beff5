"""Sinks reached through import aliases: `from os import system as run_shell`, `import subprocess as sp`."""

import subprocess as sp
from os import system as run_shell

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/dns", methods=["POST"])
def dns_lookup():
    run_shell("nslookup " + request.form["name"])  # expect: CWE-78
    return jsonify(done=True)


@app.route("/trace", methods=["POST"])
def trace():
    with sp.Popen(args="traceroute " + request.form["host"], shell=True, stdout=sp.PIPE) as proc:  # expect: CWE-78
        output = proc.communicate(timeout=30)[0]
    return jsonify(lines=len(output.splitlines()))
