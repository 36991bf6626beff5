"""Document service whose path and SQL helpers live in the `helpers` package.

Flows cross module boundaries: through `from helpers.storage import ...`, through the package's
re-export in helpers/__init__.py, and through `import helpers.db` attribute access.
"""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

import helpers.db
from helpers import remove_upload
from helpers.storage import build_path, safe_path

app = Flask(__name__)


@app.route("/documents")
def read_document():
    path = build_path(request.args["name"])
    with open(path, encoding="utf-8") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)


@app.route("/documents/safe")
def read_document_safely():
    path = safe_path(request.args["name"])
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    return jsonify(lines=lines)


@app.route("/documents/delete", methods=["POST"])
def delete_document():
    remove_upload(request.form["name"])
    return jsonify(deleted=True)


@app.route("/owners")
def owner():
    with closing(sqlite3.connect("docs.db")) as conn:
        rows = helpers.db.find_owner(conn, request.args["owner"])
        total = helpers.db.count_rows(conn, "documents")
    return jsonify(rows=rows, total=total)
