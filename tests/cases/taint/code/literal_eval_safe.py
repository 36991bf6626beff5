"""Settings posted as a Python literal are read with ast.literal_eval, which evaluates no code."""

import ast

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/settings", methods=["POST"])
def update_settings():
    settings = ast.literal_eval(request.form["settings"])
    return jsonify(keys=sorted(settings))
