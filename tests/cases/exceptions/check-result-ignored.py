"""Boolean checks called as statements (their answer thrown away) flagged; checks that are acted on not."""

import hmac
import os

from werkzeug.security import check_password_hash


def login(user, password):
    check_password_hash(user.password_hash, password)  # expect: CWE-252
    return user


def webhook(received: str, expected: str, body: bytes):
    hmac.compare_digest(received, expected)  # expect: CWE-252
    return body


def rename(username: str, path: str):
    username.isalnum()  # expect: CWE-252
    os.access(path, os.W_OK)  # expect: CWE-252
    return username


def login_checked(user, password):
    if not check_password_hash(user.password_hash, password):
        raise PermissionError("bad credentials")
    return user


def webhook_checked(received: str, expected: str, body: bytes):
    if not hmac.compare_digest(received, expected):
        raise PermissionError("bad signature")
    return body
