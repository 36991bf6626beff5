"""Config upload parsed with loaders that can build arbitrary Python objects."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def upload_config():
    config = yaml.load(request.data, Loader=yaml.Loader)  # expect: CWE-502
    return jsonify(keys=sorted(config))


@app.route("/config/unsafe", methods=["POST"])
def upload_config_unsafe():
    config = yaml.unsafe_load(request.data)  # expect: CWE-502
    return jsonify(keys=sorted(config))
