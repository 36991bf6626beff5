"""A `with` target bound to a wrapper of user data is tainted; one bound to a constant file is not."""

import io
import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)
MIGRATION_FILE = "/srv/app/migrations/0001_init.sql"


@app.route("/migrations/run-posted", methods=["POST"])
def run_posted_migration():
    with io.StringIO(request.form["migration"]) as buf:
        script = buf.read()
    with closing(sqlite3.connect("app.db")) as conn:
        conn.executescript(script)  # expect: CWE-89
    return jsonify(applied=True)


@app.route("/migrations/run-initial", methods=["POST"])
def run_initial_migration():
    with open(MIGRATION_FILE, encoding="utf-8") as fh:
        script = fh.read()
    with closing(sqlite3.connect("app.db")) as conn:
        conn.executescript(script)
    return jsonify(applied=True)
