"""The backup endpoint with shlex.quote(): the name reaches the shell as a single quoted word."""

import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/backups", methods=["POST"])
def create_backup():
    name = shlex.quote(request.form.get("name", "nightly"))
    subprocess.run(f"tar czf /backups/{name}.tgz /srv/data", shell=True, check=True)
    return jsonify(created=True)
