"""A value overwritten inside a loop that surely runs (a literal range, a literal list): after the loop it is the
constant, whatever came in."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/retry")
def retry():
    target = request.args["host"]
    for attempt in range(3):
        target = "status.internal"
    os.system("ping -c 1 " + target)
    return "ok"


@app.route("/mirror")
def mirror():
    source = request.args["mirror"]
    for source in ["mirror-a.internal", "mirror-b.internal"]:
        pass
    os.system("rsync " + source + ":/data /srv/data")
    return "ok"

