"""Fingerprints and password digests: MD5/SHA-1 flagged, SHA-2/3 and non-security uses not."""

import hashlib
from hashlib import sha1 as legacy_sha1

from cryptography.hazmat.primitives import hashes


def password_digest(password: str, salt: bytes) -> str:
    return hashlib.md5(salt + password.encode()).hexdigest()  # expect: CWE-328


def sign_payload(payload: bytes) -> str:
    digest = hashlib.new("sha1")  # expect: CWE-328
    digest.update(payload)
    return digest.hexdigest()


def legacy_token_check(data: bytes) -> str:
    algorithm = "md5"
    return hashlib.new(algorithm, data).hexdigest()  # expect: CWE-328


def file_digest(content: bytes) -> str:
    return legacy_sha1(content).hexdigest()  # expect: CWE-328


def crypto_digest():
    return hashes.Hash(hashes.SHA1())  # expect: CWE-328


def cache_key(url: str) -> str:
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def strong_digests(data: bytes) -> list[str]:
    return [hashlib.sha256(data).hexdigest(), hashlib.new("sha384", data).hexdigest(),
            hashlib.new("SHA512").hexdigest(), hashlib.sha3_256(data).hexdigest()]


def login_digest(username: str, password: str) -> str:
    return hashlib.md5(username.encode() + password.encode()).hexdigest()  # expect: CWE-328


def account_signature(account_id: str, api_secret: str) -> str:
    return hashlib.sha1(f"{account_id}:{api_secret}".encode()).hexdigest()  # expect: CWE-328


# Digests of identifiers protect nothing (a stronger hash of a user name is exactly as guessable): not weak-hash's
# finding; where such a digest becomes a session id, predictable-token reports the recipe.


def gravatar_url(email: str) -> str:
    return "https://www.gravatar.com/avatar/" + hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()


def page_cache_key(user, request) -> str:
    return hashlib.sha1(f"{user.id}:{request.path}".encode()).hexdigest()


def page_etag(body: bytes) -> str:
    return '"' + hashlib.md5(body).hexdigest() + '"'


def fragment(template_source: str) -> str:
    cache_key = hashlib.sha1(template_source.encode()).hexdigest()
    return cache_key


def digest_width() -> int:
    return hashlib.sha1().digest_size * 2


def cache_password_check(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()  # expect: CWE-328


def _sqlite_md5(text: str) -> str:  # SQL's MD5() on SQLite: the caller asked for exactly this algorithm
    return hashlib.md5(text.encode()).hexdigest()


def certificate_fingerprint(cert) -> str:  # the conventional label of a certificate already stored
    return cert.fingerprint(hashes.SHA1()).hex()
