"""The request's value is bound to an argument the function does not put into the command."""

import functools
import subprocess

from flask import Flask, request

app = Flask(__name__)


def archive(folder, name, note=""):
    return subprocess.run("tar czf /backups/" + name + ".tgz " + folder, shell=True)


@app.route("/backup")
def backup():
    run = functools.partial(archive, note=request.args["note"])
    run("/srv/data", "nightly")
    return "started"


@app.route("/list")
def listing():
    run = functools.partial(subprocess.run, ["ls", "-l"])
    run(cwd="/srv/data", env={"LABEL": request.args["label"]})
    return "listed"
