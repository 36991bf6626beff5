"""Sessions that outlive what they protect: a login that keeps the session id it was given before the user
proved who they are (CWE-384 session fixation), and session cookies configured to last for months (CWE-613).

Fixation needs a session whose id the server keeps: Django's ``request.session`` (rotated by
``django.contrib.auth.login``, not by writing keys into it by hand), or Flask with a server-side session store
(Flask-Session, a ``session_interface``). Flask's default session is a signed cookie whose value changes with its
content, so an id planted before login gives the attacker nothing, and it is not reported.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..web.settings import settings_of
from .access_facts import is_request, is_view, may_check_password, password_check
from .registry import Hit, pattern_rule

_ROTATES = frozenset({"clear", "regenerate", "cycle_key", "flush", "invalidate", "rotate", "renew",
                      "regenerate_id", "new_session", "rotate_token"})
_LOGIN_CALLS = frozenset({"django.contrib.auth.login", "django.contrib.auth.views.auth_login"})
_FLASK_SESSION = frozenset({"flask.session", "flask.globals.session"})


def _server_side_flask(ctx) -> bool:
    return ctx.may_resolve_under("flask_session") or ctx.source_mentions("SESSION_TYPE") \
        or ctx.source_mentions("session_interface")


def _session_receiver(node: ast.AST, ctx) -> str | None:
    """"django" for ``request.session``, "flask" for Flask's ``session`` with a server-side store."""
    if isinstance(node, ast.Attribute) and node.attr == "session" and is_request(node.value, ctx):
        return "django"
    if isinstance(node, ast.Name) and (ctx.qualname(node) or "") in _FLASK_SESSION and _server_side_flask(ctx):
        return "flask"
    return None


def _rotates(func: ast.AST, ctx) -> bool:
    for node in ctx.scope_nodes(func):
        if not isinstance(node, ast.Call):
            continue
        if (ctx.call_name(node) or "") in _LOGIN_CALLS:
            return True
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _ROTATES:
            receiver = f.value
            if _session_receiver(receiver, ctx) or (isinstance(receiver, ast.Name) and "session" in receiver.id) \
                    or (isinstance(receiver, ast.Attribute) and receiver.attr == "session"):
                return True
    return False


@pattern_rule(
    id="session-fixation", cwe=384, severity="medium", confidence="medium",
    title="Login keeps the session it started with (session fixation)",
    message="After checking the password this view marks the existing session as logged in without giving it a "
            "new id, so an attacker who planted a session id in the victim's browser before login shares the "
            "victim's logged-in session.",
    fix="Rotate the session at login: django.contrib.auth.login(request, user) (or request.session.cycle_key()) "
        "in Django; session.clear() / the store's regenerate() before writing the user into a server-side Flask "
        "session.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("session",),
    skips_test_code=True,
)
def session_fixation(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or not may_check_password(ctx) or not is_view(node, ctx):
        return
    check = password_check(node, ctx)
    if check is None or _rotates(node, ctx):
        return
    for stmt in ctx.scope_nodes(node):
        if stmt.lineno < check.lineno:
            continue
        if isinstance(stmt, ast.Subscript) and isinstance(stmt.ctx, ast.Store) and _session_receiver(stmt.value, ctx):
            yield Hit(stmt)
            return
        if isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute) and stmt.func.attr == "update" \
                and _session_receiver(stmt.func.value, ctx):
            yield Hit(stmt)
            return


# --- CWE-613 session lifetime --------------------------------------------------------------------------------

MAX_LIFETIME_S = 90 * 24 * 3600  # a quarter: beyond any "remember me" a reviewer would accept
_LIFETIME_SETTINGS = ("SESSION_COOKIE_AGE", "PERMANENT_SESSION_LIFETIME")
_UNITS = {"weeks": 7 * 86400, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}


def _seconds(expr: ast.AST | None) -> float | None:
    """The duration ``expr`` writes out: a number of seconds, arithmetic on numbers, or ``timedelta(...)``."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool):
        return float(expr.value)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Mult, ast.Add)):
        left, right = _seconds(expr.left), _seconds(expr.right)
        if left is None or right is None:
            return None
        return left * right if isinstance(expr.op, ast.Mult) else left + right
    if isinstance(expr, ast.Call):
        name = expr.func.attr if isinstance(expr.func, ast.Attribute) else getattr(expr.func, "id", "")
        if name != "timedelta":
            return None
        total = 0.0
        for value, unit in zip(expr.args, ("days", "seconds")):
            n = _seconds(value)
            if n is None:
                return None
            total += n * _UNITS[unit]
        for kw in expr.keywords:
            n = _seconds(kw.value)
            if kw.arg not in _UNITS or n is None:
                return None
            total += n * _UNITS[kw.arg]
        return total
    return None


def _value_node(node: ast.AST) -> ast.AST | None:
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.keyword)):
        return node.value
    return None


@pattern_rule(
    id="session-lifetime-too-long", cwe=613, severity="low", confidence="high",
    title="Sessions configured to last for months",
    message="The session cookie stays valid for more than 90 days, so a session stolen or left open on a shared "
            "computer keeps working long after the user has gone.",
    fix="Keep sessions short (hours to a couple of weeks: SESSION_COOKIE_AGE = 1209600, "
        "PERMANENT_SESSION_LIFETIME = timedelta(hours=12)) and re-authenticate for sensitive actions; use a "
        "separate, revocable remember-me token if users must stay logged in.",
    nodes=(ast.Module,),
    requires_words=_LIFETIME_SETTINGS,
    skips_test_code=True,
)
def session_lifetime_too_long(node: ast.Module, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    model = settings_of(ctx)
    for name in _LIFETIME_SETTINGS:
        for source, setting in model.settings_named(name):
            if source.relaxed:
                continue
            seconds = _seconds(_value_node(setting.node))
            if seconds is None and isinstance(setting.value, (int, float)) and not isinstance(setting.value, bool):
                seconds = float(setting.value)
            if seconds is not None and seconds > MAX_LIFETIME_S:
                days = int(seconds // 86400)
                yield Hit(setting.node, message=f"{name} keeps a session valid for {days} days, so a session "
                                                "stolen or left open on a shared computer keeps working long "
                                                "after the user has gone.")
