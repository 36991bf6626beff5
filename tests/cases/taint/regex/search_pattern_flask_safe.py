"""The client's text searched for literally (re.escape), and fixed patterns applied to the client's text."""

import re

from flask import Flask, jsonify, request

app = Flask(__name__)
TITLES = ["Annual report", "Quarterly figures", "Board minutes"]


@app.route("/search")
def search():
    needle = re.escape(request.args.get("q", ""))
    return jsonify([t for t in TITLES if re.search(needle, t, re.IGNORECASE)])


@app.route("/digits")
def digits():
    text = request.args.get("text", "")
    return jsonify(numbers=re.findall(r"\d+", text), letters=re.sub(r"[^a-z]", "", text))


@app.route("/tag")
def tag():
    name = request.args.get("name", "")
    if not name.isalnum():
        return jsonify(error="letters and digits only"), 400
    return jsonify([t for t in TITLES if re.search(name, t)])
