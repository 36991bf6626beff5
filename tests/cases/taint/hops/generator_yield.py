"""Values yielded by a generator carry the taint of what they were made from."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


def purge_statements(tables):
    for table in tables.split(","):
        yield f"DELETE FROM {table.strip()}"


def cleanup_statements():
    yield "DELETE FROM sessions WHERE expired = 1"
    yield "DELETE FROM password_resets WHERE used = 1"


@app.route("/maintenance/purge", methods=["POST"])
def purge():
    with closing(sqlite3.connect("app.db")) as conn:
        for statement in purge_statements(request.form["tables"]):
            conn.execute(statement)  # expect: CWE-89
        conn.commit()
    return jsonify(done=True)


@app.route("/maintenance/cleanup", methods=["POST"])
def cleanup():
    with closing(sqlite3.connect("app.db")) as conn:
        for statement in cleanup_statements():
            conn.execute(statement)
        conn.commit()
    return jsonify(done=True)
