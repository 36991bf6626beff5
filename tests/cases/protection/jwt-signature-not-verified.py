"""JWT handling: skipped signature checks and the 'none' algorithm flagged, pinned algorithms not."""

import jwt

SIGNING_KEY_PATH = "/run/secrets/jwt.key"


def current_user(token, key):
    claims = jwt.decode(token, options={"verify_signature": False})  # expect: CWE-347
    return claims["sub"], key


def lenient_decode(token, key):
    return jwt.decode(token, key, algorithms=["HS256", "none"])  # expect: CWE-347


def debug_token(claims):
    return jwt.encode(claims, None, algorithm="none")  # expect: CWE-347


def verified_user(token, key):
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})
    return claims["sub"], header.get("kid")
