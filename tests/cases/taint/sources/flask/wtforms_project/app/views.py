"""Views using the forms: field data is the client's."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify

from .forms import SearchForm, Settings

app = Flask(__name__)


@app.route("/search", methods=["POST"])
def search():
    form = SearchForm()
    if form.validate_on_submit():
        with closing(sqlite3.connect("app.db")) as conn:
            rows = conn.execute(f"SELECT id FROM posts WHERE title = '{form.term.data}'").fetchall()  # expect: CWE-89
        return jsonify(ids=[r[0] for r in rows])
    return jsonify(errors=form.errors), 400


@app.route("/theme")
def theme():
    settings = Settings()
    with closing(sqlite3.connect("app.db")) as conn:
        rows = conn.execute(f"SELECT css FROM themes WHERE name = '{settings.theme}'").fetchall()
    return jsonify(css=[r[0] for r in rows])


@app.route("/page", methods=["POST"])
def page():
    form = SearchForm()
    with closing(sqlite3.connect("app.db")) as conn:
        rows = conn.execute(f"SELECT id FROM posts LIMIT 10 OFFSET {form.page.data * 10}").fetchall()
    return jsonify(ids=[r[0] for r in rows])
