"""A %-template that reads its values by name from a mapping: the client's value it names is in the query."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    values = {"table": "users", "name": request.args.get("name", "")}
    with sqlite3.connect("shop.db") as db:
        rows = db.execute("SELECT * FROM %(table)s WHERE name = '%(name)s'" % values).fetchall()  # expect: CWE-89
    return {"rows": rows}
