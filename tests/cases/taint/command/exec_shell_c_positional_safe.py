"""The shell's command text is the code's own; the request's value is passed after it as "$1", an argument the
script quotes, never parsed as shell code."""

import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/tail")
def tail():
    os.execv("/bin/sh", ["sh", "-c", 'tail -n 50 -- "/var/log/$1"', "sh", request.args["log"]])


@app.route("/count")
def count():
    subprocess.run(["sh", "-c", 'wc -l -- "$1" >> /var/log/counts', "sh", request.args["file"]], check=True)
    return "counted"
