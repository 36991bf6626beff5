"""Look-alikes: the event logged without the secret, its length, a masked or hashed form, and names that only
sound like secrets (password_reset_url, token_type, password_hash)."""

import hashlib
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


def mask_card(number):
    return "*" * 12 + number[-4:]


@app.route("/login", methods=["POST"])
def login():
    user_email = request.form["email"]
    password = request.form["password"]
    log.info("password reset for %s", user_email)
    log.info("password of %d characters", len(password))
    log.info("password given: %s", bool(password))
    log.info("password digest %s", hashlib.sha256(password.encode()).hexdigest()[:8])
    log.info("token type %s", request.form["token_type"])
    return "ok"


def charge(card_number, password_reset_url, password_hash, csrf_token):
    logging.info("charging %s", mask_card(card_number))
    logging.info("reset link %s", password_reset_url)
    logging.info("stored hash %s", password_hash)
    logging.info("csrf %s", csrf_token)
    if card_number is None:
        logging.info("no card")
