"""JWT verification taken from a switch, or the algorithm taken from the token's own header."""

import base64
import hashlib
import hmac
import json

import jwt
from flask import request

from .config import VERIFY_SIGNATURE

PUBLIC_KEY = open("/run/secrets/jwt.pub").read()
SKIP_VERIFY = False


def user_from(token, key):
    claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": VERIFY_SIGNATURE})  # expect: CWE-347
    return claims["sub"]


def lenient(token, key):
    options = {"verify_signature": SKIP_VERIFY}
    return jwt.decode(token, key, algorithms=["RS256"], options=options)  # expect: CWE-347


def token_chooses(token):
    header = jwt.get_unverified_header(token)
    alg = header["alg"]
    return jwt.decode(token, PUBLIC_KEY, algorithms=[alg])  # expect: CWE-347


def pinned(token, settings):
    alg = settings["alg"]
    kid = jwt.get_unverified_header(token).get("kid")
    return jwt.decode(token, PUBLIC_KEY, algorithms=[alg], options={"verify_signature": True}), kid


def claims_from_jwt(token):
    header, payload, _ = token.split(".")  # expect: CWE-347
    return json.loads(base64.urlsafe_b64decode(payload + "=="))


def verified_claims(token, key):
    header, payload, signature = token.split(".")
    expected = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(base64.urlsafe_b64decode(signature + "=="), expected):
        raise ValueError("bad signature")
    return json.loads(base64.urlsafe_b64decode(payload + "=="))


def peek_kid(token):
    header, _, _ = token.split(".")
    return json.loads(base64.urlsafe_b64decode(header + "=="))["kid"]


def current_claims():
    return claims_from_jwt(request.headers["Authorization"].removeprefix("Bearer "))
