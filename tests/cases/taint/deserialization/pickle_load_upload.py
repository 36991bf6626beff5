"""Model upload: the uploaded file's stream is handed to pickle.load()."""

import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/models", methods=["POST"])
def upload_model():
    upload = request.files["model"]
    model = pickle.load(upload.stream)  # expect: CWE-502
    return jsonify(kind=type(model).__name__)
