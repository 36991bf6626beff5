"""The same lookup logged with a fixed format and the value as a separate %-argument.

Decision: tainted data passed as a logging argument is not reported. The format stays constant, so the
message structure cannot be rewritten, and log handlers/formatters are where CR/LF get neutralised. Only
data embedded in the format string itself (f-string, concatenation, .format, the % operator) is reported.
"""

import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger("accounts")


@app.route("/accounts/lookup", methods=["POST"])
def lookup_account():
    email = request.form.get("email", "")
    logger.info("account lookup for %s", email)
    logging.warning("lookup source: %s (%s)", request.remote_addr, email)
    return jsonify(queued=True)
