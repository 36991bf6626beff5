"""Flask routes whose variables are <int:> and <uuid:>: such values cannot change an SQL statement."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/orders/<int:order_id>")
def order(order_id):
    with closing(sqlite3.connect("app.db")) as conn:
        row = conn.execute(f"SELECT total FROM orders WHERE id = {order_id}").fetchone()
    return jsonify(total=row[0] if row else None)


@app.get("/tokens/<uuid:token>")
def token(token):
    with closing(sqlite3.connect("app.db")) as conn:
        row = conn.execute(f"SELECT owner FROM tokens WHERE token = '{token}'").fetchone()
    return jsonify(owner=row[0] if row else None)
