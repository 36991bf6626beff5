"""Digests that are no stored password: a file checksum, the digest of empty input used as a marker."""
import hashlib
import os

EMPTY_PASSWORD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # never compared
RELEASE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def verify_download(path: str) -> bool:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest() == RELEASE_SHA256


def check_admin(password: str) -> bool:
    expected = os.environ["ADMIN_PASSWORD_SHA256"]
    return hashlib.sha256(password.encode()).hexdigest() == expected


def verify_bundle(blob: bytes) -> bool:
    return hashlib.sha256(blob).hexdigest() == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
