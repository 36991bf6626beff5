"""CWE-703 Improper Check or Handling of Exceptional Conditions: security checks whose failure is swallowed or
whose verdict is thrown away, handlers that fail open, and error details handed to the client.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from .common import debug_only, handler_types, is_true
from .registry import Hit, pattern_rule

# Calls that signal a failed check by raising: swallowing their exception turns the check off.
_RAISING_CHECKS = frozenset({
    "verify", "verify_signature", "verify_token", "verify_jwt", "verify_jwt_in_request", "verify_password",
    "validate", "validate_token", "validate_csrf", "validate_signature", "validate_password", "check_permission",
    "check_permissions", "check_object_permissions", "require_permission", "authenticate", "authorize",
    "check_csrf", "check_signature", "check_token", "full_clean", "validate_email",
})
_RAISING_CHECK_QUALNAMES = frozenset({"jwt.decode", "jose.jwt.decode", "django.contrib.auth.password_validation."
                                      "validate_password", "jsonschema.validate"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print"})
_GRANT_NAME = re.compile(r"valid|verified|authori[sz]ed|authenticated|allowed|permitted|trusted|ok$|is_admin",
                         re.IGNORECASE)


def _call_short_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _is_raising_check(call: ast.Call, ctx) -> bool:
    return ctx.call_name(call) in _RAISING_CHECK_QUALNAMES or _call_short_name(call) in _RAISING_CHECKS


def _bare_checks(body: list[ast.stmt], ctx) -> list[ast.Call]:
    """Security checks called only for their exception: ``verify(sig)`` as a statement, not ``x = verify(sig)``."""
    return [stmt.value for stmt in body
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _is_raising_check(stmt.value, ctx)]


def _is_noop(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (ast.Pass, ast.Continue)):
        return True
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.Constant):
            return True
        if isinstance(value, ast.Call):
            name = _call_short_name(value)
            return name in _LOG_METHODS
    return False


def _grants(stmt: ast.stmt) -> bool:
    """``return True`` or ``authorized = True``: the failure path says yes."""
    if isinstance(stmt, ast.Return):
        return is_true(stmt.value)
    if isinstance(stmt, ast.Assign) and is_true(stmt.value):
        for target in stmt.targets:
            name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(
                target, ast.Attribute) else None
            if name and _GRANT_NAME.search(name):
                return True
    return False


def _catches_import_error(handler: ast.ExceptHandler, ctx) -> bool:
    return any(ctx.qualname(n) in ("builtins.ImportError", "builtins.ModuleNotFoundError") for n in handler_types(handler))


_DENIAL_STATUSES = frozenset({401, 403})
_DENIAL_EXCEPTION = re.compile(r"PermissionDenied|Forbidden|Unauthori[sz]ed|NotAuthenticated|AuthenticationFailed|"
                               r"AccessDenied|InvalidSignature|SuspiciousOperation")
_BROAD_CATCHES = frozenset({"builtins.Exception", "builtins.BaseException", "werkzeug.exceptions.HTTPException",
                            "fastapi.HTTPException", "starlette.exceptions.HTTPException"})


def _denials(body: list[ast.stmt], ctx) -> list[ast.AST]:
    """``abort(401)`` / ``raise PermissionDenied`` inside the try: the check's verdict travels as an exception."""
    found = []
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and ctx.call_name(node) in ("flask.abort", "werkzeug.exceptions.abort"):
                if ctx.literal(ctx.arg(node, 0, "status"), None) in _DENIAL_STATUSES:
                    found.append(node)
            elif isinstance(node, ast.Raise) and node.exc is not None:
                target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                name = ctx.qualname(target) or (target.id if isinstance(target, ast.Name) else
                                                target.attr if isinstance(target, ast.Attribute) else "")
                if name and _DENIAL_EXCEPTION.search(name):
                    found.append(node)
    return found


def _catches_denial(handler: ast.ExceptHandler, ctx) -> bool:
    if handler.type is None:
        return True
    for n in handler_types(handler):
        name = ctx.qualname(n) or ""
        if name in _BROAD_CATCHES or _DENIAL_EXCEPTION.search(name):
            return True
    return False


@pattern_rule(
    id="security-check-error-ignored", cwe=390, severity="high", confidence="high",
    title="Failed security check swallowed by an exception handler",
    message="The check reports failure by raising (or the code raises a 401/403 denial), and the handler just "
            "carries on, so execution continues exactly as if the signature, token or permission had been valid.",
    fix="Let the exception propagate, or end the request in the handler (raise PermissionDenied / return a 401 "
        "or 403) so the protected code cannot run after a failed check.",
    nodes=(ast.Try,),
    skips_test_code=True,
)
def security_check_error_ignored(node: ast.Try, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or node.orelse:
        return  # with an else: branch the success path is separate, so an empty handler denies by default
    checks = bool(_bare_checks(node.body, ctx))
    denials = bool(_denials(node.body, ctx))
    if not checks and not denials:
        return
    for handler in node.handlers:
        if _catches_import_error(handler, ctx):
            continue
        if not checks and not _catches_denial(handler, ctx):
            continue
        if handler.body and all(_is_noop(s) for s in handler.body):
            yield Hit(handler)


@pattern_rule(
    id="check-fails-open", cwe=636, severity="high", confidence="high",
    title="Security check fails open on error",
    message="When the check raises, the handler grants access (returns True or marks the request as valid), so "
            "anyone who can make verification fail, e.g. with a malformed token, gets in.",
    fix="Deny on error: return False / raise PermissionDenied in the handler, and grant only on the success "
        "path.",
    nodes=(ast.Try,),
)
def check_fails_open(node: ast.Try, ctx) -> Iterator[Hit]:
    if not any(isinstance(n, ast.Call) and _is_raising_check(n, ctx) for s in node.body for n in ast.walk(s)):
        return
    for handler in node.handlers:
        if _catches_import_error(handler, ctx):
            continue
        for stmt in handler.body:
            if _grants(stmt):
                yield Hit(stmt)


# --- CWE-252 discarded verdicts --------------------------------------------------------------------------------

_BOOL_CHECK_QUALNAMES = frozenset({
    "hmac.compare_digest", "secrets.compare_digest", "os.access", "bcrypt.checkpw",
    "werkzeug.security.check_password_hash", "django.contrib.auth.hashers.check_password",
    "django.utils.http.url_has_allowed_host_and_scheme", "django.utils.http.is_safe_url",
    "re.match", "re.fullmatch", "re.search", "os.path.exists", "os.path.isfile", "os.path.isdir",
    "ipaddress.ip_address",
})
_BOOL_CHECK_METHODS = frozenset({
    "compare_digest", "check_password", "check_password_hash", "checkpw", "has_perm",
    "has_perms", "has_permission", "has_object_permission", "is_safe_url", "url_has_allowed_host_and_scheme",
    "isalnum", "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier", "isascii", "startswith",
    "endswith", "fullmatch",
})


@pattern_rule(
    id="check-result-ignored", cwe=252, severity="medium", confidence="high",
    title="Result of a check thrown away",
    message="This call only answers a question (does the password match, is the path allowed, is the string "
            "numeric); called as a statement its answer is discarded and nothing is enforced.",
    fix="Act on the result: `if not hmac.compare_digest(a, b): abort(403)`.",
    nodes=(ast.Expr,),
    skips_test_code=True,
)
def check_result_ignored(node: ast.Expr, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return  # tests call checks just to see that they do not raise
    call = node.value.value if isinstance(node.value, ast.Await) else node.value
    if not isinstance(call, ast.Call):
        return
    if ctx.call_name(call) in _BOOL_CHECK_QUALNAMES:
        if ctx.call_name(call) == "ipaddress.ip_address":
            return  # raises on bad input: used for its exception, fine
        yield Hit(node)
    elif isinstance(call.func, ast.Attribute) and call.func.attr in _BOOL_CHECK_METHODS:
        yield Hit(node)


# --- CWE-209 exception details sent to the client --------------------------------------------------------------

_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket",
                               "api_view", "require_http_methods", "require_GET", "require_POST", "action"})
_RESPONSE_CALLS = frozenset({
    "flask.jsonify", "flask.make_response", "flask.Response", "flask.abort", "werkzeug.wrappers.Response",
    "django.http.HttpResponse", "django.http.JsonResponse", "django.http.HttpResponseBadRequest",
    "django.http.HttpResponseServerError", "rest_framework.response.Response", "fastapi.HTTPException",
    "fastapi.responses.JSONResponse", "fastapi.responses.PlainTextResponse", "fastapi.responses.HTMLResponse",
    "starlette.responses.JSONResponse", "starlette.responses.PlainTextResponse",
    "starlette.responses.HTMLResponse", "starlette.exceptions.HTTPException",
})
_TRACEBACK_CALLS = frozenset({"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
                              "traceback.format_stack", "sys.exc_info"})


def _is_view(func: ast.AST | None) -> bool:
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for deco in func.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else None
        if name in _ROUTE_DECORATORS:
            return True
    params = [a.arg for a in func.args.args[:2]]
    return "request" in params


def _exception_names(node: ast.AST, ctx) -> set[str]:
    """Names bound by the ``except ... as e`` clauses around ``node``."""
    return {a.name for a in ctx.ancestors(node) if isinstance(a, ast.ExceptHandler) and a.name}


def _leaks_exception(expr: ast.AST | None, ctx, exc_names: set[str]) -> bool:
    if expr is None:
        return False
    for sub in ast.walk(expr):
        if debug_only(sub, ctx):
            continue
        if isinstance(sub, ast.Call) and ctx.call_name(sub) in _TRACEBACK_CALLS:
            return True
        if isinstance(sub, ast.Call) and ctx.call_name(sub) in ("builtins.str", "builtins.repr") and sub.args:
            arg = sub.args[0]
            if isinstance(arg, ast.Name) and arg.id in exc_names:
                return True
        if isinstance(sub, ast.FormattedValue) and isinstance(sub.value, ast.Name) and sub.value.id in exc_names:
            return True
        if isinstance(sub, ast.Attribute) and sub.attr == "args" and isinstance(sub.value, ast.Name) \
                and sub.value.id in exc_names:
            return True
    return False


@pattern_rule(
    id="exception-details-in-response", cwe=209, severity="medium", confidence="high",
    title="Exception details sent to the client",
    message="Stack traces and exception messages reveal file paths, library versions, SQL and sometimes data, "
            "which helps an attacker map and exploit the application.",
    fix="Log the exception server-side (logger.exception(...)) and return a generic message with an error id.",
    nodes=(ast.Return, ast.Call),
)
def exception_details_in_response(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.Return):
        if not _is_view(ctx.enclosing_function(node)):
            return
        exc_names = _exception_names(node, ctx)
        if _leaks_exception(node.value, ctx, exc_names):
            yield Hit(node)
        return
    if ctx.call_name(node) not in _RESPONSE_CALLS:
        return
    exc_names = _exception_names(node, ctx)
    if any(_leaks_exception(a, ctx, exc_names) for a in node.args) or any(
            _leaks_exception(k.value, ctx, exc_names) for k in node.keywords):
        yield Hit(node)
