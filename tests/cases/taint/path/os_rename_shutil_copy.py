"""Draft management: renaming and duplicating drafts to names taken from the form."""

import os
import shutil

from flask import Flask, jsonify, request

app = Flask(__name__)
DRAFTS = "/srv/app/drafts"


@app.route("/drafts/rename", methods=["POST"])
def rename_draft():
    current = os.path.join(DRAFTS, "current.md")
    os.rename(current, os.path.join(DRAFTS, request.form["new_name"]))  # expect: CWE-22
    return jsonify(renamed=True)


@app.route("/drafts/duplicate", methods=["POST"])
def duplicate_draft():
    target = os.path.join(DRAFTS, request.form["target"])
    shutil.copy(os.path.join(DRAFTS, "template.md"), target)  # expect: CWE-22
    return jsonify(copied=True)
