"""Uploaded file names, the raw body (get_data()) and the request stream are user input."""

import os
import pickle

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"


@app.route("/attachments", methods=["POST"])
def attach():
    upload = request.files["attachment"]
    with open(os.path.join(UPLOAD_DIR, upload.filename), "wb") as fh:  # expect: CWE-22
        fh.write(upload.read())
    return jsonify(stored=True)


@app.route("/sessions/import", methods=["POST"])
def import_session():
    state = pickle.loads(request.get_data())  # expect: CWE-502
    return jsonify(keys=len(state))


@app.route("/pipelines", methods=["POST"])
def create_pipeline():
    spec = yaml.load(request.stream.read(), Loader=yaml.UnsafeLoader)  # expect: CWE-502
    return jsonify(steps=len(spec))
