"""Calls through `self`: a method building SQL from its argument taints, a method returning a constant does not."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


class ReportService:
    def __init__(self, conn):
        self.conn = conn

    def _owner_clause(self, owner):
        return f"owner = '{owner}'"

    def _public_clause(self):
        return "visibility = 'public'"

    def by_owner(self, owner):
        return self.conn.execute("SELECT id FROM reports WHERE " + self._owner_clause(owner)).fetchall()  # expect: CWE-89

    def public(self):
        return self.conn.execute("SELECT id FROM reports WHERE " + self._public_clause()).fetchall()


@app.route("/reports")
def reports():
    with closing(sqlite3.connect("reports.db")) as conn:
        service = ReportService(conn)
        mine = service.by_owner(request.args["owner"])
        shared = service.public()
    return jsonify(mine=mine, shared=shared)
