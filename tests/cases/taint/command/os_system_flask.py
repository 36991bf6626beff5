"""Network diagnostics page: the host to ping is handed to the shell by os.system()."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping", methods=["POST"])
def ping():
    host = request.form["host"]
    status = os.system(f"ping -c 1 {host}")  # expect: CWE-78
    return "reachable" if status == 0 else "unreachable"
