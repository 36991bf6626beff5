"""Python 3.12 grammar (PEP 701): the f-string reuses its own quote character inside the replacement field.

The host parser may not read this; the libcst fallback must, and the flow must still be found.
"""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/users")
def users():
    with closing(sqlite3.connect("users.db")) as conn:
        rows = conn.execute(f"SELECT id FROM users WHERE name = '{request.args["name"]}'").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
