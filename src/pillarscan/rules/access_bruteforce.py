"""CWE-307: a login that anyone may try any number of times. Reported once per application, at its first
view that checks a password, when nothing in the application limits attempts: no rate limiter (Flask-Limiter,
slowapi, django-ratelimit, django-axes, DRF throttles…) and no counter of failed attempts anywhere. A view that
looks up a password-reset or one-time code the request carries is the same guessing game on a far smaller
space (six digits: a million tries), and is reported too, once, at its first lookup.

A project-level rule (rules/project.py): whether a limiter exists is a fact about the whole app.
"""

from __future__ import annotations

import ast

from ..findings import Confidence, Severity
from .access_facts import client_read, is_view, lowered_source, may_check_password, password_check, word_set
from .common import name_words
from .project import FileFacts, Spot
from .registry import Rule, register

RULE = register(Rule(
    # low confidence: the evidence is an absence, and a limit may live outside the code (a proxy, a gateway)
    id="login-without-rate-limit", cwe=307, severity=Severity.MEDIUM, confidence=Confidence.LOW,
    title="Login without any limit on attempts",
    message="This view checks passwords, and nothing in the application limits how often it may be tried (no "
            "rate limiter, lockout or failed-attempt counter), so passwords can be guessed by brute force.",
    fix="Limit attempts per account and per client: a rate limiter on the login route (Flask-Limiter "
        "@limiter.limit('5/minute'), slowapi, django-ratelimit) or a lockout (django-axes), plus a delay or "
        "CAPTCHA after repeated failures.",
))


def _limits_attempts(ctx) -> bool:
    if any(ctx.may_resolve_under(root.split(".")[0]) and _imports(ctx, root) for root in word_set("limiter", "imports")):
        return True
    names = word_set("limiter", "names")
    counter = word_set("limiter", "counter_words")
    limiter_packages = word_set("limiter", "imports")
    text = lowered_source(ctx)
    if not any(word in text for word in counter | limiter_packages) and not any(ctx.source_mentions(n) for n in names):
        return False  # the walk below needs one of these words somewhere in the text
    texts = {n.id for n in ctx.nodes_of_type(ast.Name)} | ctx.attribute_names()
    strings = {n.value for n in ctx.nodes_of_type(ast.Constant) if isinstance(n.value, str) and len(n.value) < 60}
    if strings & limiter_packages or (texts | strings) & names:  # INSTALLED_APPS = [..., "axes"]
        return True
    every = texts | strings
    joined = "\n".join(every).lower()
    if not any(word in joined for word in counter):
        return False  # (what the loop below would find in none of them, asked once of them all)
    for text in every:
        lowered = text.lower()
        if any(word in lowered for word in counter) and set(name_words(text)) & counter:
            return True
    return False


def _imports(ctx, root: str) -> bool:
    return any(value == root or value.startswith(root + ".") for value in ctx.names.aliases.values())


RESET_MESSAGE = ("This view looks up a password-reset or one-time code taken from the request, and nothing in "
                 "the application limits how often it may be tried (no rate limiter, lockout or failed-attempt "
                 "counter), so the code can be found by trying them all, and with it the account.")


def collect(ctx, facts: FileFacts) -> None:
    facts.limiter = facts.limiter or _limits_attempts(ctx)
    passwords = may_check_password(ctx)
    codes = any(ctx.source_mentions(w) for w in ("reset", "otp", "verification", "recovery"))
    if not (passwords or codes):
        return
    for func in ctx.nodes_of_type(ast.FunctionDef) + ctx.nodes_of_type(ast.AsyncFunctionDef):
        if not is_view(func, ctx):
            continue
        check = password_check(func, ctx) if passwords else None
        if check is not None:
            facts.logins.append(Spot(func.lineno, func.col_offset, func.end_lineno, ctx.line(func.lineno).strip(),
                                     f"(The password is checked on line {check.lineno}.)"))
        lookup = _code_lookup(func, ctx) if codes else None
        if lookup is not None:
            facts.resets.append(Spot(lookup.lineno, lookup.col_offset, lookup.end_lineno,
                                     ctx.line(lookup.lineno).strip()))


def _one_time_code(name: str | None) -> bool:
    """``reset_token``, ``recovery_code``, ``otp``, ``verification_code``: a secret the server sent the user."""
    words = set(name_words(name or ""))
    return bool(words & {"otp", "totp"}) or bool(words & {"reset", "recovery", "verification", "verify"}) and \
        bool(words & {"token", "code", "key"})


def _code_lookup(func, ctx) -> ast.Call | None:
    """The first query that selects a record by a one-time code the request carries:
    ``UserProfile.objects.get(reset_token=request.POST.get("reset_token"))``, or through one local name."""
    own = ctx.scope_nodes(func)
    carried = {node.targets[0].id for node in own if isinstance(node, ast.Assign) and len(node.targets) == 1
               and isinstance(node.targets[0], ast.Name) and client_read(node.value, ctx) is not None}
    for node in own:
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if not _one_time_code(kw.arg):
                continue
            value = kw.value
            if client_read(value, ctx) is not None or (isinstance(value, ast.Name) and value.id in carried):
                return node
    return None


def judge(app_files: list[tuple[str, FileFacts]]) -> list[tuple[str, Spot, str | None]]:
    if any(facts.limiter for _, facts in app_files):
        return []
    out: list[tuple[str, Spot, str | None]] = []
    for path, facts in app_files:
        if facts.logins:
            out.append((path, min(facts.logins, key=lambda s: s.line), None))
            break
    for path, facts in app_files:
        if facts.resets:
            out.append((path, min(facts.resets, key=lambda s: s.line), RESET_MESSAGE))
            break
    return out
