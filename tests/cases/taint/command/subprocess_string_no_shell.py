"""Without shell=True a string command is the program path itself, so the caller picks what runs."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/hooks/run", methods=["POST"])
def run_hook():
    hook = request.form["hook"]
    subprocess.run(hook, check=True)  # expect: CWE-78
    return jsonify(ran=True)
