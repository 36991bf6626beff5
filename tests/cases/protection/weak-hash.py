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


def file_etag(content: bytes) -> str:
    return legacy_sha1(content).hexdigest()  # expect: CWE-328


def crypto_digest():
    return hashes.Hash(hashes.SHA1())  # expect: CWE-328


def cache_key(url: str) -> str:
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def strong_digests(data: bytes) -> list[str]:
    return [hashlib.sha256(data).hexdigest(), hashlib.new("sha384", data).hexdigest(),
            hashlib.new("SHA512").hexdigest(), hashlib.sha3_256(data).hexdigest()]
