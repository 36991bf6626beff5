"""Notes service reading files with io.open and codecs.open: the same traversal as builtins.open."""

import codecs
import io
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
NOTES_DIR = "/srv/app/notes"


@app.route("/notes")
def read_note():
    note = request.args["note"]
    with io.open(os.path.join(NOTES_DIR, note), encoding="utf-8") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)


@app.route("/notes/legacy")
def read_legacy_note():
    note = request.args["note"]
    with codecs.open(os.path.join(NOTES_DIR, note), encoding="latin-1") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)
