"""A helper that takes user data but returns a constant: its result is clean."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)


def archive_command(name):
    if name == "weekly":
        return "tar czf /backups/weekly.tgz /srv/data"
    return "tar czf /backups/daily.tgz /srv/data"


@app.route("/backups", methods=["POST"])
def backup():
    os.system(archive_command(request.form["name"]))
    return jsonify(started=True)
