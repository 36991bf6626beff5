"""The request body is parked in a scratch file and unpickled from it: the file is only a detour."""

import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    with open("session.pickle", "wb") as out:
        out.write(bytes.fromhex(request.form["state"]))
    with open("session.pickle", "rb") as handle:
        state = pickle.load(handle)  # expect: CWE-502
    return jsonify(keys=sorted(state))
