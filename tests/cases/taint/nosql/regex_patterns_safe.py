"""Client text escaped before it becomes a pattern: it matches only itself."""

import re

from flask import Flask, jsonify, request

from store.collections import accounts

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    name = request.form["name"]
    taken = accounts.find_one({"name": re.compile(re.escape(name), re.IGNORECASE)})
    return jsonify(taken=taken is not None)


@app.route("/lookup")
def lookup():
    prefix = request.args.get("prefix", "")
    found = accounts.count_documents({"name": {"$regex": "^" + re.escape(prefix)}})
    return jsonify(count=found)

