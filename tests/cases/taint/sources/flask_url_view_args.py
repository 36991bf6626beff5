"""URL variables are user input: on @app.route, @app.get and a blueprint's @bp.route."""

import os
import sqlite3
from contextlib import closing

from flask import Blueprint, Flask, jsonify

app = Flask(__name__)
bp = Blueprint("shop", __name__)
NOTES_DIR = "/srv/app/notes"


@app.route("/hello/<name>")
def hello(name):
    return "<p>Hello " + name + "</p>"  # expect: CWE-79


@app.get("/notes/<path:note>")
def read_note(note):
    with open(os.path.join(NOTES_DIR, note), encoding="utf-8") as fh:  # expect: CWE-22
        lines = fh.readlines()
    return jsonify(lines=lines)


@bp.route("/categories/<slug>")
def category(slug):
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute("SELECT id FROM products WHERE category = '%s'" % slug).fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/orders/<int:order_id>")
def order(order_id):
    # The int: converter hands the view an int, but it is still request data; int values are harmless here.
    return f"<p>Order {int(order_id)}</p>"


app.register_blueprint(bp)
