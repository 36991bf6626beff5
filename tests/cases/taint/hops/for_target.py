"""A `for` target iterating over user data is tainted; iterating over a constant tuple is not."""

import os
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
KNOWN_HOSTS = ("db1.internal", "db2.internal")


@app.route("/ping-all", methods=["POST"])
def ping_all():
    for host in request.form.getlist("host"):
        os.system("ping -c 1 " + host)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/ping-known", methods=["POST"])
def ping_known():
    count = int(request.form.get("count", "1"))
    for host in KNOWN_HOSTS:
        subprocess.run(["ping", "-c", str(count), host], check=False)
    return jsonify(done=True)
