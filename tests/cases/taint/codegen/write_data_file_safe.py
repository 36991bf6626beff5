"""Request data written into a data file, and fixed code written into a Python file: neither runs input."""

import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/notes", methods=["POST"])
def save_note():
    with open("/srv/data/notes.txt", "a") as fh:
        fh.write(json.dumps({"note": request.form["note"]}) + "\n")
    return "saved"


@app.route("/settings", methods=["POST"])
def save_settings():
    with open("/srv/app/generated_settings.py", "w") as fh:
        fh.write("DEBUG = False\n")
    with open("/srv/app/templates/base.html") as fh:
        return fh.read().replace("{{ title }}", "Settings")
