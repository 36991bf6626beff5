"""Account lookup that logs the e-mail address inside an f-string: a newline forges a log entry."""

import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger("accounts")


@app.route("/accounts/lookup", methods=["POST"])
def lookup_account():
    email = request.form.get("email", "")
    logger.info(f"account lookup for {email}")  # expect: CWE-117
    return jsonify(queued=True)
