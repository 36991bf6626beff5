"""A plugin module loaded by a constant name: its functions are called with request data."""

import importlib

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/banner")
def banner():
    plugin = importlib.import_module("plugins.banners")
    return jsonify(text=plugin.render(request.args["text"]))


@app.route("/safe-banner")
def safe_banner():
    plugin = importlib.import_module("plugins.banners")
    return jsonify(text=plugin.render_safely(request.args["text"]))
