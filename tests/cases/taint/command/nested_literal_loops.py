"""Loops over literals nested seven deep: each level is run slot by slot only near the top, so the function
stays within its analysis budget and the command built in the innermost loop is still followed."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/matrix")
def matrix():
    command = "render " + request.args["name"]
    for a in (1, 2, 3, 4, 5, 6):
        for b in (1, 2, 3, 4, 5, 6):
            for c in (1, 2, 3, 4, 5, 6):
                for d in (1, 2, 3, 4, 5, 6):
                    for e in (1, 2, 3, 4, 5, 6):
                        for f in (1, 2, 3, 4, 5, 6):
                            for g in (1, 2, 3, 4, 5, 6):
                                command += f" --cell {a}{b}{c}{d}{e}{f}{g}"
    os.system(command)  # expect: CWE-78
    return "ok"
