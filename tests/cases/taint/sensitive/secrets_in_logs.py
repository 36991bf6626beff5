"""Passwords, tokens and card numbers written to logs (CWE-532), through variables, f-strings and helpers."""

import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    log.info("login attempt for %s with %s", username, password)  # expect: CWE-532
    message = f"user {username} typed {password}"
    log.debug(message)  # expect: CWE-532, CWE-117
    return "ok"


def charge(card_number, amount):
    logging.info("charging %s for %s", card_number, amount)  # expect: CWE-532


class Client:
    def __init__(self, api_key):
        self.api_key = api_key

    def call(self):
        log.warning("calling with key %s", self.api_key)  # expect: CWE-532


def connect(settings):
    log.error("cannot connect with " + settings.get("db_password"))  # expect: CWE-532
