"""CWE-352 for Flask: an application whose logged-in users submit forms, with no CSRF protection anywhere in
it (no CSRFProtect, SeaSurf or token check of its own). Reported once per application, at its first POST view
that reads ``request.form`` for a user known by the session cookie; a view that validates a Flask-WTF form
(``validate_on_submit``) checks that form's token and is not counted.

Django's side (CsrfViewMiddleware missing or commented out, ``@csrf_exempt``) is csrf-protection-disabled in
rules/protection.py; this project-level rule (rules/project.py) covers what Flask leaves to the application.
"""

from __future__ import annotations

import ast

from ..findings import Confidence, Severity
from .access_facts import decorator_names, is_request, password_check, word_set
from .project import FileFacts, Spot
from .registry import Rule, register

RULE = register(Rule(
    id="csrf-protection-missing", cwe=352, severity=Severity.MEDIUM, confidence=Confidence.MEDIUM,
    title="Flask application without CSRF protection",
    message="This view changes data for the user its session cookie names, from a submitted form, and nothing "
            "in the application checks a CSRF token, so any website the user visits can submit the form with "
            "the user's cookie.",
    fix="Enable CSRF protection for the whole app (flask_wtf.csrf.CSRFProtect(app), or Flask-WTF forms with "
        "{{ form.csrf_token }}), and set SESSION_COOKIE_SAMESITE='Lax' as a second line.",
))

_SESSION_NAMES = frozenset({"flask.session", "flask.globals.session", "flask_login.current_user"})


def _protected(ctx) -> bool:
    if any(ctx.may_resolve_under(root) for root in word_set("csrf", "flask_protection")):
        return True
    names = word_set("csrf", "protection_names")
    if not any(ctx.source_mentions(name) for name in names):
        return False
    return any(n.id in names for n in ctx.nodes_of_type(ast.Name)) or \
        not ctx.attribute_names().isdisjoint(names) or \
        any(isinstance(n.value, str) and n.value in names for n in ctx.nodes_of_type(ast.Constant))


def _posts(func: ast.AST, ctx) -> bool:
    for dec in func.decorator_list:
        if not isinstance(dec, ast.Call) or not isinstance(dec.func, ast.Attribute):
            continue
        if dec.func.attr == "post":
            return True
        if dec.func.attr == "route":
            methods = ctx.literal(ctx.kwarg(dec, "methods"), None)
            if isinstance(methods, (list, tuple, set)) and any(str(m).upper() == "POST" for m in methods):
                return True
    return False


def _reads_form(func: ast.AST, ctx) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in ("form", "values", "files") and is_request(n.value, ctx)
               for n in ctx.scope_nodes(func))


def _reads_session(func: ast.AST, ctx) -> bool:
    if "login_required" in decorator_names(func):
        return True
    for node in ctx.scope_nodes(func):
        if isinstance(node, ast.Name) and (ctx.qualname(node) or "") in _SESSION_NAMES:
            parent = ctx.parent(node)
            if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
                continue  # session["user"] = ...: the login itself writes the session
            return True
    return False


def _checks_form_token(func: ast.AST, ctx) -> bool:
    """``form.validate_on_submit()``: a Flask-WTF form checks its own token."""
    checks = word_set("csrf", "form_checks")
    return any(isinstance(n, ast.Call) and isinstance(n.func, (ast.Attribute, ast.Name))
               and (n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id) in checks
               for n in ctx.scope_nodes(func))


def collect(ctx, facts: FileFacts) -> None:
    if not ctx.may_resolve_under("flask"):
        facts.csrf_protected = facts.csrf_protected or _protected(ctx)
        return
    facts.csrf_protected = facts.csrf_protected or _protected(ctx)
    for func in ctx.nodes_of_type(ast.FunctionDef):
        if _posts(func, ctx) and _reads_form(func, ctx) and _reads_session(func, ctx) \
                and not _checks_form_token(func, ctx) and password_check(func, ctx) is None:
            facts.csrf_routes.append(Spot(func.lineno, func.col_offset, func.end_lineno,
                                          ctx.line(func.lineno).strip()))


def judge(app_files: list[tuple[str, FileFacts]]) -> list[tuple[str, Spot]]:
    if any(facts.csrf_protected for _, facts in app_files):
        return []
    for path, facts in app_files:
        if facts.csrf_routes:
            first = min(facts.csrf_routes, key=lambda s: s.line)
            others = sum(len(f.csrf_routes) for _, f in app_files) - 1
            detail = f"({others} more such view{'s' if others != 1 else ''} in the application.)" if others else ""
            return [(path, Spot(first.line, first.column, first.end_line, first.snippet, detail))]
    return []
