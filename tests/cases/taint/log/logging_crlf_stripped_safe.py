"""CR and LF removed before the value is embedded in the log message: no entry can be forged."""

import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger("accounts")


@app.route("/accounts/lookup", methods=["POST"])
def lookup_account():
    email = request.form.get("email", "").replace("\r", "").replace("\n", "")
    logger.info(f"account lookup for {email}")
    return jsonify(queued=True)
