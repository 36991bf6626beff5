"""The worker service: its own `app.db`, called with a value from a queue message."""

import json

from app.db import account_for


def handle(message):
    return account_for(json.loads(message)["email"])
