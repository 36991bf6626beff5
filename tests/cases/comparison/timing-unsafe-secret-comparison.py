"""Webhook and API checks: secrets compared with == flagged; compare_digest and non-secret checks not."""

import hashlib
import hmac


def valid_webhook(request, secret: bytes) -> bool:
    expected = hmac.new(secret, request.body, hashlib.sha256).hexdigest()
    signature = request.headers.get("X-Hub-Signature", "")
    return signature == expected  # expect: CWE-208


def valid_api_call(request, account) -> bool:
    if request.headers.get("X-Api-Key") != account.api_key:  # expect: CWE-208
        return False
    return hmac.new(account.secret, request.body, hashlib.sha256).hexdigest() == request.headers["X-Sig"]  # expect: CWE-208


def valid_webhook_safe(request, secret: bytes) -> bool:
    expected = hmac.new(secret, request.body, hashlib.sha256).hexdigest()
    signature = request.headers.get("X-Hub-Signature", "")
    if signature == "" or len(signature) != len(expected):
        return False
    return hmac.compare_digest(signature, expected)


def token_kind(token) -> bool:
    return token.type == "Bearer"


def check_message_mac(message, mac: str, key: bytes) -> bool:
    expected_mac = hmac.new(key, message, hashlib.sha256).hexdigest()
    return mac == expected_mac  # expect: CWE-208


def detach_interface(devices, vif):
    # a network interface's MAC address is not a message authentication code
    return [device for device in devices if device.mac != vif.address]
