"""A command list whose program the code wrote (``shlex.split`` of a literal) with the client's value appended as
one more argument: no shell reads it, so there is no command injection."""

import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    result = subprocess.run(shlex.split("ping -c 1") + ["--", request.args["host"]], capture_output=True)
    return {"reachable": result.returncode == 0}
