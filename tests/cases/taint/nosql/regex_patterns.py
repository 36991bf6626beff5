"""A pattern written by the client matches whatever it chooses (".*"): an account lookup that any name passes."""

import re

from flask import Flask, jsonify, request

from store.collections import accounts

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    name = request.form["name"]
    taken = accounts.find_one(  # expect: CWE-943
        {"name": re.compile(name, re.IGNORECASE)})  # expect: CWE-1333
    return jsonify(taken=taken is not None)


@app.route("/lookup")
def lookup():
    prefix = request.args.get("prefix", "")
    found = accounts.count_documents({"name": {"$regex": prefix}})  # expect: CWE-943
    return jsonify(count=found)
