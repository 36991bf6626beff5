"""Config upload parsed with yaml.safe_load() or an explicit SafeLoader: only plain data comes out."""

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def upload_config():
    config = yaml.safe_load(request.get_data())
    return jsonify(keys=sorted(config))


@app.route("/config/legacy", methods=["POST"])
def upload_legacy_config():
    config = yaml.load(request.get_data(), Loader=yaml.SafeLoader)
    return jsonify(keys=sorted(config))
