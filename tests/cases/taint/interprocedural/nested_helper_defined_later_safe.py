"""The later helper ignores what it is given and returns the command the code wrote."""

import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    def command(host):
        return build(host)

    def build(host):
        return "ping -c 1 localhost"

    subprocess.run(command(request.args["host"]), shell=True)
    return "sent"
