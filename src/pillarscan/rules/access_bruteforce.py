"""CWE-307: a login that anyone may try any number of times. Reported once per application, at its first
view that checks a password, when nothing in the application limits attempts: no rate limiter (Flask-Limiter,
slowapi, django-ratelimit, django-axes, DRF throttles…) and no counter of failed attempts anywhere.

A project-level rule (rules/project.py): whether a limiter exists is a fact about the whole app.
"""

from __future__ import annotations

import ast

from ..findings import Confidence, Severity
from .access_facts import is_view, lowered_source, may_check_password, password_check, word_set
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


def collect(ctx, facts: FileFacts) -> None:
    facts.limiter = facts.limiter or _limits_attempts(ctx)
    if not may_check_password(ctx):
        return
    for func in ctx.nodes_of_type(ast.FunctionDef) + ctx.nodes_of_type(ast.AsyncFunctionDef):
        if not is_view(func, ctx):
            continue
        check = password_check(func, ctx)
        if check is not None:
            facts.logins.append(Spot(func.lineno, func.col_offset, func.end_lineno, ctx.line(func.lineno).strip(),
                                     f"(The password is checked on line {check.lineno}.)"))


def judge(app_files: list[tuple[str, FileFacts]]) -> list[tuple[str, Spot]]:
    if any(facts.limiter for _, facts in app_files):
        return []
    for path, facts in app_files:
        if facts.logins:
            return [(path, min(facts.logins, key=lambda s: s.line))]
    return []
