"""os.exec* of a shell given -c: the text after -c is a shell command, whether the argument list is a list
(execv) or the call's own arguments (execl)."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/tail")
def tail():
    os.execv("/bin/sh", ["sh", "-c", "tail -n 50 /var/log/" + request.args["log"]])  # expect: CWE-78


@app.route("/grep")
def grep():
    os.execlp("bash", "bash", "-c", f"grep -r {request.args['q']} /srv")  # expect: CWE-78
