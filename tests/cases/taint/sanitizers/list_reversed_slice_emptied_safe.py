"""Slots the code can still follow: after reverse() the first slot is the constant, and a slice up to 0 keeps
nothing of the client's text."""

import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/slots")
def slots():
    hosts = [request.args["host"], "status.internal"]
    hosts.reverse()
    prefix = request.args["prefix"][:0]
    os.system("ping -c 1 " + prefix + hosts[0])
    return "ok"
