"""A view's local helper calls another local helper defined after it: by the time the view calls the first,
the second exists, and it is what runs."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    def command(host):
        return build(host)

    def build(host):
        return "ping -c 1 " + host

    subprocess.run(command(request.args["host"]), shell=True)  # expect: CWE-78
    return "sent"
