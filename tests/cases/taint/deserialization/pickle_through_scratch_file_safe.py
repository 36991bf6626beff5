"""The scratch file holds only what the server pickled itself; the client's text goes to a different file."""

import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    with open("notes.txt", "w") as notes:
        notes.write(request.form["note"])
    with open("session.pickle", "wb") as out:
        pickle.dump({"user": "guest"}, out)
    with open("session.pickle", "rb") as handle:
        state = pickle.load(handle)
    return jsonify(keys=sorted(state))
