"""Tokens made from what an attacker can see (CWE-341): a session id, CSRF token or reset token computed from the
user name, the time or other observable data, hashed or encoded but with nothing secret or random in it.

``sha1(username)`` looks random and is not: anyone who knows the scheme computes every user's session id. The
rule looks where a value becomes a token — a cookie named like a session, a session or context key named like a
token, a variable named so — and follows local assignments back to what the value is made of. It stays quiet when
any ingredient is random (``secrets``, ``os.urandom``, ``uuid4``), secret-named (an HMAC key, ``SECRET_KEY``) or
comes from a call it cannot see into: only values built entirely from observable parts are reported.
"""

from __future__ import annotations

import ast
from typing import Iterator

from .common import called_name as _callee, name_words
from .registry import Hit, pattern_rule

_TOKEN_WORDS = frozenset({"session", "sessionid", "sid", "token", "csrf", "xsrf", "nonce", "otp", "remember"})
_NOT_TOKEN_WORDS = frozenset({"type", "name", "length", "len", "url", "expiry", "expires", "count", "key", "ttl"})
# Transformations that hide their input without adding anything unknown to it.
_OBFUSCATIONS = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "new",
                           "hexdigest", "digest", "encode", "decode", "b64encode", "urlsafe_b64encode", "b32encode",
                           "b16encode", "hexlify", "str", "format", "join", "lower", "upper", "strip", "replace"})
# What an attacker can observe or guess: who the user is, and when.
_OBSERVABLE_WORDS = frozenset({"user", "username", "name", "login", "email", "mail", "uid", "userid", "id",
                               "time", "timestamp", "now", "date", "ip", "addr", "account"})
_OBSERVABLE_CALLS = frozenset({"time", "strftime", "gmtime", "localtime", "now", "utcnow", "today", "ctime",
                               "isoformat", "uuid1"})
_HASHES = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "b64encode",
                     "urlsafe_b64encode", "b32encode", "hexlify"})


def _token_named(name: str | None) -> bool:
    if not name:
        return False
    words = set(name_words(name))
    return bool(words & _TOKEN_WORDS) and not words & _NOT_TOKEN_WORDS


class _Recipe:
    """What a value is made of, following the function's own assignments."""

    def __init__(self, assigns: dict[str, list[ast.AST]], imported: frozenset[str] = frozenset()):
        self.assigns = assigns
        self.imported = imported
        self.observable = False
        self.hashed = False
        self.unknown = False

    def read(self, expr: ast.AST, depth: int = 0) -> None:
        if depth > 4:
            self.unknown = True
            return
        if isinstance(expr, ast.Constant):
            return
        if isinstance(expr, ast.Name):
            if set(name_words(expr.id)) & _OBSERVABLE_WORDS:
                self.observable = True
                return
            values = self.assigns.get(expr.id)
            if not values:
                self.unknown = True  # a parameter or a global: could hold anything
                return
            for value in values:
                self.read(value, depth + 1)
            return
        if isinstance(expr, ast.Attribute):
            if set(name_words(expr.attr)) & _OBSERVABLE_WORDS:
                self.observable = True
                return
            if _secretish(expr.attr):
                self.unknown = True
                return
            self.read(expr.value, depth + 1)
            return
        if isinstance(expr, ast.Subscript):
            key = expr.slice.value if isinstance(expr.slice, ast.Constant) else None
            if isinstance(key, str) and set(name_words(key)) & _OBSERVABLE_WORDS:
                self.observable = True
                return
            if isinstance(expr.value, ast.Subscript | ast.Name) and not isinstance(key, str):
                self.read(expr.value, depth + 1)  # values[0][0]: a row of the user's record
                return
            self.unknown = True
            return
        if isinstance(expr, ast.Call):
            name = _callee(expr)
            if name in _OBSERVABLE_CALLS:
                self.observable = True
                return
            if name not in _OBFUSCATIONS:
                self.unknown = True  # secrets.token_hex(), os.urandom(), hmac with a key, a helper we cannot see
                return
            if name in _HASHES:
                self.hashed = True
            receiver = expr.func.value if isinstance(expr.func, ast.Attribute) else None
            if receiver is not None and not (isinstance(receiver, ast.Name) and receiver.id in self.imported):
                self.read(receiver, depth + 1)  # a method of a value, not a function of a module (hashlib.sha1)
            for arg in expr.args:
                self.read(arg, depth + 1)
            for kw in expr.keywords:
                self.read(kw.value, depth + 1)
            return
        if isinstance(expr, (ast.BinOp, ast.JoinedStr, ast.FormattedValue, ast.Tuple, ast.List)):
            for child in ast.iter_child_nodes(expr):
                if isinstance(child, ast.expr):
                    self.read(child, depth + 1)
            return
        self.unknown = True


def _secretish(name: str) -> bool:
    return bool(set(name_words(name)) & {"secret", "key", "salt", "pepper", "random", "urandom"})


def _token_values(node: ast.AST, ctx) -> Iterator[ast.AST]:
    """Values that become session ids or tokens at this node."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "set_cookie":
        name = ctx.literal(ctx.arg(node, 0, "key"), None)
        value = ctx.arg(node, 1, "value")
        if isinstance(name, str) and _token_named(name) and value is not None:
            yield value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and \
                isinstance(target.slice.value, str) and _token_named(target.slice.value):
            yield node.value
        elif isinstance(target, (ast.Name, ast.Attribute)):
            name = target.id if isinstance(target, ast.Name) else target.attr
            if _token_named(name):
                yield node.value


@pattern_rule(
    id="predictable-token", cwe=341, severity="high", confidence="medium",
    title="Session id or token made from observable data",
    message="This session id or token is computed from data an attacker can see or guess (a user name, the "
            "time), hashed or encoded but with nothing secret or random in it, so anyone who knows the scheme can "
            "compute other users' tokens.",
    fix="Generate tokens with the secrets module (secrets.token_urlsafe(32)) and store them server-side, or let "
        "the framework's session and CSRF machinery (a signed session, Flask-WTF, Django's csrf) make them.",
    nodes=(ast.Call, ast.Assign),
    requires_words=("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2", "b64encode", "b32encode",
                    "hexlify"),
    skips_test_code=True,
)
def predictable_token(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    scope = ctx.enclosing_function(node)
    if scope is None:
        return
    for value in _token_values(node, ctx):
        assigns: dict[str, list[ast.AST]] = {}
        for stmt in ctx.scope_nodes(scope):
            if isinstance(stmt, ast.Assign) and stmt.lineno < node.lineno:
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        assigns.setdefault(target.id, []).append(stmt.value)
        recipe = _Recipe(assigns, frozenset(ctx.names.aliases))
        recipe.read(value)
        if recipe.observable and recipe.hashed and not recipe.unknown:
            yield Hit(value)
            return
