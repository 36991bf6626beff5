"""The %-template names only the mapping's fixed entries; the client's value sits in the mapping unused by the
template and is bound as a parameter."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    values = {"table": "users", "column": "name", "name": request.args.get("name", "")}
    with sqlite3.connect("shop.db") as db:
        rows = db.execute("SELECT * FROM %(table)s WHERE %(column)s = ?" % values, (values["name"],)).fetchall()
    return {"rows": rows}
