"""JWT verification taken from a switch, or the algorithm taken from the token's own header."""

import jwt

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
