"""Tokens, signatures and encrypted fields."""
import hashlib
import hmac
import os

import jwt
from cryptography.fernet import Fernet
from itsdangerous import URLSafeTimedSerializer

FIELD_KEY = b"q3Jv8ZyN1cX0a9WmR2tLp5Hs7Dk4Fg6B_ErTyUiOpAs="  # expect: CWE-798


def issue(payload: dict) -> str:
    return jwt.encode(payload, "secret", algorithm="HS256")  # expect: CWE-321


def read(token: str) -> dict:
    return jwt.decode(token, key="s3cr3t-k3y", algorithms=["HS256"])  # expect: CWE-321


def seal(data: bytes) -> bytes:
    return Fernet(b"ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=").encrypt(data)  # expect: CWE-321


def seal_field(data: bytes) -> bytes:
    return Fernet(FIELD_KEY).encrypt(data)  # expect: CWE-321


def sign(message: bytes) -> str:
    return hmac.new(b"webhook-key", message, hashlib.sha256).hexdigest()  # expect: CWE-321


def reset_tokens() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer("reset-salt-key")  # expect: CWE-321


# safe: the keys come from the environment or the caller
def issue_safe(payload: dict, key: str) -> str:
    return jwt.encode(payload, key, algorithm="HS256")


def read_safe(token: str) -> dict:
    return jwt.decode(token, os.environ["JWT_KEY"], algorithms=["HS256"])


def seal_safe(data: bytes) -> bytes:
    return Fernet(os.environ["FERNET_KEY"].encode()).encrypt(data)


def sign_safe(message: bytes) -> str:
    return hmac.new(os.environ["WEBHOOK_KEY"].encode(), message, hashlib.sha256).hexdigest()

