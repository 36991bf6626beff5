"""Checks written the ways real code writes them: a predicate helper, a validator called for its raise, a
compiled pattern that must match the whole name, a character-by-character test, a conversion that raises, and
a match statement over the allowed names. Each one leaves only safe text on the path to the query."""

import re
import sqlite3
import string

from flask import Flask, abort, request

app = Flask(__name__)
COLUMNS = ("name", "email", "created")
SLUG = re.compile(r"[a-z0-9-]+")


def db():
    return sqlite3.connect("app.db")


def is_column(value):
    return value in COLUMNS


def require_slug(value):
    if not SLUG.fullmatch(value):
        raise ValueError("not a slug")


@app.route("/users")
def users():
    order = request.args.get("order", "name")
    if not is_column(order):
        abort(400)
    return str(db().execute("SELECT * FROM users ORDER BY " + order).fetchall())


@app.route("/tags")
def tags():
    slug = request.args["slug"]
    require_slug(slug)
    return str(db().execute("SELECT * FROM tags WHERE slug = '" + slug + "'").fetchall())


@app.route("/codes")
def codes():
    code = request.args["code"]
    if not all(ch.isalnum() for ch in code):
        abort(400)
    return str(db().execute("SELECT * FROM codes WHERE code = '" + code + "'").fetchall())


@app.route("/pins")
def pins():
    pin = request.args["pin"]
    if any(ch not in string.digits for ch in pin):
        abort(400)
    return str(db().execute("SELECT * FROM pins WHERE pin = " + pin).fetchall())


@app.route("/items")
def items():
    item_id = request.args["id"]
    try:
        int(item_id)
    except ValueError:
        abort(400)
    return str(db().execute("SELECT * FROM items WHERE id = " + item_id).fetchall())


@app.route("/sorted")
def sorted_users():
    order = request.args.get("order", "name")
    match order:
        case "name" | "email":
            pass
        case _:
            abort(400)
    return str(db().execute("SELECT * FROM users ORDER BY " + order).fetchall())


@app.route("/by")
def by_column():
    if (column := request.args.get("by", "name")) not in COLUMNS:
        abort(400)
    return str(db().execute("SELECT * FROM users ORDER BY " + column).fetchall())
