"""functools.partial binds arguments now and calls later: the request's value bound into it, or passed to it,
reaches what the bound function does with it."""

import functools
import subprocess

from flask import Flask, request

app = Flask(__name__)


def archive(folder, name):
    return subprocess.run("tar czf /backups/" + name + ".tgz " + folder, shell=True)  # expect: CWE-78


@app.route("/backup")
def backup():
    run = functools.partial(archive, "/srv/data")
    run(request.args["name"])
    return "started"


@app.route("/shell")
def shell():
    run_shell = functools.partial(subprocess.run, shell=True, check=False)
    run_shell("ping -c 1 " + request.args["host"])  # expect: CWE-78
    return "sent"
