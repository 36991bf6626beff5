"""A helper that quotes its parameter with shlex.quote() before building the command."""

import os
import shlex

from flask import Flask, jsonify, request

app = Flask(__name__)


def archive_command(name):
    return f"tar czf /backups/{shlex.quote(name)}.tgz /srv/data"


@app.route("/backups", methods=["POST"])
def backup():
    os.system(archive_command(request.form["name"]))
    return jsonify(started=True)
