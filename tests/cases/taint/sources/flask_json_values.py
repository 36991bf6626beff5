"""JSON bodies (get_json(), .json) and request.values with getlist() are user input."""

import os
import sqlite3
import subprocess
from contextlib import closing

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/diagnostics/ping", methods=["POST"])
def ping():
    host = request.get_json()["host"]
    os.system("ping -c 1 " + host)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/diagnostics/trace", methods=["POST"])
def trace():
    target = request.json["target"]
    subprocess.run(f"traceroute {target}", shell=True, check=False)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/products/tagged")
def tagged():
    tags = request.values.getlist("tag")
    in_list = ", ".join(f"'{t}'" for t in tags)
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT id FROM product_tags WHERE tag IN ({in_list})").fetchall()  # expect: CWE-89
    return jsonify(rows=rows)
