"""Who is asking: password hashing, tokens, signed callbacks, the cart cookie and the client address."""

import base64
import hashlib
import hmac
import pickle
import random
import secrets
import string
import time
from collections import defaultdict

from flask import abort, g, request, session

import config
import db

_login_attempts: dict[str, list[float]] = defaultdict(list)


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def reset_token() -> str:
    """Sent by e-mail in the password-reset link."""
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))


def api_token() -> str:
    """Issued to merchants for the partner API."""
    return secrets.token_urlsafe(32)


def load_cart() -> list:
    raw = request.cookies.get("cart")
    if not raw:
        return []
    return pickle.loads(base64.b64decode(raw))


def webhook_signature_ok(body: bytes, signature: str) -> bool:
    """Payment-provider callbacks carry an HMAC of the body."""
    expected = hmac.new(config.WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
    return expected == signature


def partner_signature_ok(body: bytes, signature: str) -> bool:
    expected = hmac.new(config.PARTNER_SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def current_user():
    user_id = session.get("user_id")
    if user_id is None:
        return None
    with db.cursor() as cur:
        cur.execute("SELECT id, email, is_admin, is_staff FROM users WHERE id = %s", (user_id,))
        return cur.fetchone()


def require_admin(user) -> None:
    assert user is not None and user.is_admin, "admins only"


def require_staff(user) -> None:
    if user is None or not user.is_staff:
        abort(403)


def client_ip() -> str:
    """The address login attempts are counted against."""
    return request.headers.get("X-Forwarded-For", request.remote_addr)


def peer_ip() -> str:
    """The client address as seen through ProxyFix (see app.py), for the audit log."""
    return request.remote_addr


def too_many_attempts(limit: int = 5, window: float = 300.0) -> bool:
    now = time.monotonic()
    attempts = _login_attempts[client_ip()]
    attempts[:] = [t for t in attempts if now - t < window]
    attempts.append(now)
    return len(attempts) > limit


def log_in(user) -> None:
    session.clear()
    session["user_id"] = user.id
    g.user = user
