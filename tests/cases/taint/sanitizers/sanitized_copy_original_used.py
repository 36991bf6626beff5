"""Quoting into a new variable cleans that variable only; passing the original along is still injection."""

import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/convert", methods=["POST"])
def convert():
    name = request.form["name"]
    quoted = shlex.quote(name)
    subprocess.run(f"convert /srv/in/{quoted}.png /srv/out/{quoted}.jpg", shell=True, check=True)
    subprocess.run(f"optipng /srv/out/{name}.png", shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)
