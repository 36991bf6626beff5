"""Backup endpoint: the archive name is concatenated into a command that runs through the shell."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/backups", methods=["POST"])
def create_backup():
    name = request.form.get("name", "nightly")
    subprocess.run("tar czf /backups/" + name + ".tgz /srv/data", shell=True, check=True)  # expect: CWE-78
    return jsonify(created=True)
