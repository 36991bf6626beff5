"""Handlers reached through a dispatch table and a prefixed getattr: the request's values flow into them."""

import os
import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


def export_sales(region):
    with closing(sqlite3.connect("shop.db")) as conn:
        return conn.execute("SELECT total FROM sales WHERE region = '%s'" % region).fetchall()  # expect: CWE-89


def export_stock(item):
    with closing(sqlite3.connect("shop.db")) as conn:
        return conn.execute("SELECT count FROM stock WHERE item = ?", (item,)).fetchall()


EXPORTERS = {"sales": export_sales, "stock": export_stock}


class Maintenance:
    def do_ping(self, host):
        os.system("ping -c 1 " + host)  # expect: CWE-78

    def do_uptime(self, _unused):
        os.system("uptime")

    def run(self, action, argument):
        return getattr(self, "do_" + action)(argument)


@app.route("/export")
def export():
    rows = EXPORTERS[request.args.get("kind", "stock")](request.args["key"])
    return jsonify(rows=rows)


@app.route("/maintenance", methods=["POST"])
def maintenance():
    Maintenance().run(request.form["action"], request.form["argument"])
    return jsonify(done=True)
