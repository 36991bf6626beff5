"""Signature and permission checks whose failure is swallowed flagged; handlers that deny, and else: branches, not."""

import logging

import jwt
from cryptography.exceptions import InvalidSignature

log = logging.getLogger(__name__)


def accept_upload(public_key, signature, payload, padding, algorithm):
    try:
        public_key.verify(signature, payload, padding, algorithm)
    except InvalidSignature:  # expect: CWE-390
        log.warning("bad signature on upload")
    return store(payload)


def load_claims(token, key):
    try:
        jwt.decode(token, key, algorithms=["HS256"])
    except jwt.InvalidTokenError:  # expect: CWE-390
        pass
    return jwt.decode(token, options={"verify_signature": True}, key=key, algorithms=["HS256"])


def accept_upload_checked(public_key, signature, payload, padding, algorithm):
    try:
        public_key.verify(signature, payload, padding, algorithm)
    except InvalidSignature:
        log.warning("bad signature on upload")
        return None
    return store(payload)


def accept_upload_else(public_key, signature, payload, padding, algorithm):
    try:
        public_key.verify(signature, payload, padding, algorithm)
    except InvalidSignature:
        pass
    else:
        return store(payload)
    return None


def cleanup(path):
    try:
        remove(path)
    except OSError:
        pass


def store(payload):
    return len(payload)


def remove(path):
    return path


def payment_callback(request, signature_ok):
    from flask import abort

    try:
        if not signature_ok(request.get_data(), request.headers["X-Signature"]):
            abort(401)
    except Exception:  # expect: CWE-390
        pass
    return "", 204


def payment_callback_checked(request, signature_ok):
    from flask import abort

    try:
        valid = signature_ok(request.get_data(), request.headers["X-Signature"])
    except KeyError:
        valid = False
    if not valid:
        abort(401)
    return "", 204
