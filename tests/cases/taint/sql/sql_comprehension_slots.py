"""Filters rebuilt by a comprehension before they reach SQL: each slot keeps what it held, so the slot that
holds the client's text is still injectable after the rebuild."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/reports")
def reports():
    filters = {"owner": request.args.get("owner", ""), "state": "open"}
    cleaned = {key: value.strip() for key, value in filters.items()}
    with sqlite3.connect("reports.db") as db:
        rows = db.execute("SELECT * FROM reports WHERE owner = '%s'" % cleaned["owner"]).fetchall()  # expect: CWE-89
    return {"rows": rows}


@app.route("/tags")
def tags():
    names = [t.lower() for t in [request.args.get("tag", ""), "general"]]
    with sqlite3.connect("reports.db") as db:
        rows = db.execute("SELECT * FROM tags WHERE name = '" + names[0] + "'").fetchall()  # expect: CWE-89
    return {"rows": rows}
