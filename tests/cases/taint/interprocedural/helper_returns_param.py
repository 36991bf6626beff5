"""A local helper that returns (a string built from) its parameter passes the taint through."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)


def archive_command(name):
    return "tar czf /backups/" + name + ".tgz /srv/data"


@app.route("/backups", methods=["POST"])
def backup():
    os.system(archive_command(request.form["name"]))  # expect: CWE-78
    return jsonify(started=True)
