"""The same overwrite in a loop that may not run at all (over the client's own list, or range of a number it
sent): the value that came in can reach the shell."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/retry")
def retry():
    target = request.args["host"]
    for attempt in range(int(request.args.get("tries", "0"))):
        target = "status.internal"
    os.system("ping -c 1 " + target)  # expect: CWE-78
    return "ok"


@app.route("/mirror")
def mirror():
    source = request.args["mirror"]
    for name in request.args.getlist("skip"):
        source = "mirror-a.internal"
    os.system("rsync " + source + ":/data /srv/data")  # expect: CWE-78
    return "ok"
