"""Feature flags toggled by name: the client chooses which session key is set."""

from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/flags/enable", methods=["POST"])
def enable_flag():
    flag = request.form["flag"]
    session[f"flag_{flag}"] = True  # expect: CWE-501
    return jsonify(enabled=True)
