"""The same rebuilds, but the query reads the slot that holds the application's own constant: the client's text
sits in another slot and never reaches the statement."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/reports")
def reports():
    filters = {"owner": request.args.get("owner", ""), "state": "open"}
    cleaned = {key: value.strip() for key, value in filters.items()}
    with sqlite3.connect("reports.db") as db:
        rows = db.execute("SELECT * FROM reports WHERE state = '%s'" % cleaned["state"]).fetchall()
    return {"rows": rows, "owner": cleaned["owner"]}


@app.route("/tags")
def tags():
    names = [t.lower() for t in [request.args.get("tag", ""), "general"]]
    with sqlite3.connect("reports.db") as db:
        rows = db.execute("SELECT * FROM tags WHERE name = '" + names[1] + "'").fetchall()
    return {"rows": rows, "asked": len(names[0])}
