"""The request object wrapped in a class: the wrapper's getter returns request data, a literal getter does not."""

import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


class RequestWrapper:
    def __init__(self, req):
        self._req = req

    def get_query(self, key):
        return self._req.args.get(key, "")

    def get_safe(self):
        return "SELECT id FROM items ORDER BY id"


@app.route("/items/raw")
def raw_items():
    wrapper = RequestWrapper(request)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(wrapper.get_query("sql")).fetchall()  # expect: CWE-89
    return jsonify(rows=rows)


@app.route("/items/all")
def all_items():
    wrapper = RequestWrapper(request)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(wrapper.get_safe()).fetchall()
    return jsonify(rows=rows)
