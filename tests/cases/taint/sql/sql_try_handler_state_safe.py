"""The try body first replaces the client's text with a literal, which cannot raise: every way into the handler
(the call after it) sees the literal, so the handler's query never receives the client's text."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


def audit(db):
    db.execute("INSERT INTO audit (event) VALUES ('lookup')")


@app.route("/lookup")
def lookup():
    name = request.args.get("name", "")
    with sqlite3.connect("shop.db") as db:
        try:
            name = "guest"
            audit(db)
            rows = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
        except sqlite3.Error:
            rows = db.execute("SELECT * FROM archive WHERE name = '" + name + "'").fetchall()
    return {"rows": rows}
