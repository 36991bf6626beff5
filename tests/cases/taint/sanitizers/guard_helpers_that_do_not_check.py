"""The same shapes where the check does not hold on the way to the query: the predicate's answer is ignored,
the pattern may match only part of the text, the character test accepts quotes, the conversion's failure is
swallowed, and a match case lets anything else through."""

import re
import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)
COLUMNS = ("name", "email", "created")
WORD = re.compile(r"[a-z]+")


def db():
    return sqlite3.connect("app.db")


def is_column(value):
    return value in COLUMNS


def note_slug(value):
    if not WORD.search(value):
        print("odd slug", value)


@app.route("/users")
def users():
    order = request.args.get("order", "name")
    if is_column(order):
        abort(400)
    return str(db().execute("SELECT * FROM users ORDER BY " + order).fetchall())  # expect: CWE-89


@app.route("/tags")
def tags():
    slug = request.args["slug"]
    note_slug(slug)
    if not WORD.search(slug):
        abort(400)
    return str(db().execute("SELECT * FROM tags WHERE slug = '" + slug + "'").fetchall())  # expect: CWE-89


@app.route("/codes")
def codes():
    code = request.args["code"]
    if not all(ch.isprintable() for ch in code):
        abort(400)
    return str(db().execute("SELECT * FROM codes WHERE code = '" + code + "'").fetchall())  # expect: CWE-89


@app.route("/items")
def items():
    item_id = request.args["id"]
    try:
        int(item_id)
    except ValueError:
        pass
    return str(db().execute("SELECT * FROM items WHERE id = " + item_id).fetchall())  # expect: CWE-89


@app.route("/sorted")
def sorted_users():
    order = request.args.get("order", "name")
    match order:
        case "name":
            pass
        case other:
            print("unusual order", other)
    return str(db().execute("SELECT * FROM users ORDER BY " + order).fetchall())  # expect: CWE-89


@app.route("/odd")
def odd_codes():
    code = request.args["code"]
    if any(not ch.isalnum() for ch in code):  # the branch where some character is NOT a letter or digit
        return str(db().execute("SELECT * FROM odd WHERE code = '" + code + "'").fetchall())  # expect: CWE-89
    return "plain"
