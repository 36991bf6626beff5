"""Tool version report: the program itself, the first argv entry, is chosen by the caller."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tools/version")
def tool_version():
    tool = request.args["tool"]
    result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)  # expect: CWE-78
    return jsonify(version=result.stdout.strip())
