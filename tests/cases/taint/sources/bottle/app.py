"""Bottle routes: URL wildcards and bottle.request are the client's."""

import os
import sqlite3
from contextlib import closing

from bottle import Bottle, request, route, run

app = Bottle()
FILES = "/srv/files"


@route("/files/<name>")
def download(name):
    with open(os.path.join(FILES, name), "rb") as fh:  # expect: CWE-22
        return fh.read()


@app.get("/search")
def search():
    term = request.query.get("q", "")
    with closing(sqlite3.connect("app.db")) as conn:
        rows = conn.execute(f"SELECT id FROM items WHERE name = '{term}'").fetchall()  # expect: CWE-89
    return {"ids": [r[0] for r in rows]}


@app.post("/notes")
def add_note():
    body = request.forms.get("body")
    os.system("notify-send " + body)  # expect: CWE-78
    return {"ok": True}


if __name__ == "__main__":
    run(app, host="127.0.0.1", port=8080)
