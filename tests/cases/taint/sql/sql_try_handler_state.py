"""An exception handler starts from wherever the try body may have been left: after the client's text was
stored in the variable and before the body replaced it, the handler's query still receives that text."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


def audit(db):
    db.execute("INSERT INTO audit (event) VALUES ('lookup')")


@app.route("/lookup")
def lookup():
    name = "guest"
    with sqlite3.connect("shop.db") as db:
        try:
            name = request.args.get("name", "")
            audit(db)
            name = "guest"
            rows = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
        except sqlite3.Error:
            rows = db.execute("SELECT * FROM archive WHERE name = '" + name + "'").fetchall()  # expect: CWE-89
    return {"rows": rows}
