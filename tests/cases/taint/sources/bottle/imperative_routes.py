"""Bottle routes registered without decorators (``app.route(path, callback=view)``): the URL wildcards are the
client's, as in the decorated form."""

import os
import subprocess

from bottle import Bottle

app = Bottle()


def archive(name):
    subprocess.run("tar czf /backups/" + name + ".tgz /srv/data", shell=True, check=True)  # expect: CWE-78
    return "ok"


def report(year):
    return os.popen(f"report --year {year}").read()


app.route("/archive/<name>", method=["POST"], callback=archive)
app.get("/reports/<year:int>", callback=report)
