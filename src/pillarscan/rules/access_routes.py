"""CWE-306 / 862 checks on the route inventory (web/routes.py): a route without the guard its siblings have,
an administrative or destructive route with no guard at all, a guard left in a comment above a route.

These rules judge the whole application at once (a route's siblings may live in other modules, an app-wide
guard in the settings), so the engine runs them after joining the files' route facts, not per node.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from ..cwe import pillar_of
from ..findings import Confidence, Finding, Location, Severity
from ..web import guards as G
from .registry import Rule, register


def _rule(id: str, cwe: int, severity: str, confidence: str, title: str, message: str, fix: str) -> Rule:
    return register(Rule(id=id, cwe=cwe, severity=Severity.parse(severity), confidence=Confidence.parse(confidence),
                         title=title, message=message, fix=fix, tags=("routes",)))


SIBLING = _rule(
    "route-missing-sibling-guard", 306, "high", "medium",
    "Route lacks the guard its sibling routes have",
    "Most routes beside this one (same blueprint, router, view class, package or URL prefix) require a logged-in "
    "or authorised caller, but this one has no such guard, so anyone can call it.",
    "Add the guard its siblings use (the same decorator, dependency or permission class), or, if the route is "
    "public on purpose, say so explicitly (an AllowAny permission, a @login_not_required decorator).")
ADMIN = _rule(
    "admin-route-without-auth", 306, "high", "medium",
    "Administrative endpoint without authentication",
    "This route serves an administrative path but has no login or permission decorator, no auth "
    "dependency and no check in its body, so anyone who can reach the service can call it.",
    "Protect the view: add the framework's authentication decorator (@login_required plus a role check, "
    "a FastAPI Depends(get_admin_user)), or guard the whole blueprint/router with a before_request hook.")
COMMENTED = _rule(
    "commented-out-route-guard", 306, "high", "high",
    "Route guard commented out",
    "A guard (login, permission or role check) is commented out right at this route, and the route has no "
    "other guard of that strength: whoever disabled it left the endpoint open.",
    "Restore the guard, or delete the comment if the route is meant to be public and say so explicitly.")

LOGIN_ONLY = _rule(
    "privileged-route-login-only", 285, "high", "medium",
    "Privileged action open to every logged-in user",
    "This route changes roles or performs an administrative action but only requires a logged-in caller, while "
    "the application checks roles or permissions on other routes: any user can do what only an administrator "
    "should.",
    "Add the role or permission check the application uses elsewhere (the same dependency, decorator or "
    "permission class), or check the caller's role in the handler before acting.")

ROUTE_RULE_IDS = (SIBLING.id, ADMIN.id, COMMENTED.id, LOGIN_ONLY.id)
_ROLE_CHANGE_PATH = re.compile(r"(^|/|_|-)((update|set|change|edit|assign|grant|add)[_-]?(user[_-]?)?roles?|"
                               r"promote|make[_-]?admin|grant[_-]?(admin|permissions?))(/|$|[_-])")
_DESTRUCTIVE_PATH = re.compile(r"(^|/|_|-)(wipe|purge|truncate|drop|flush|reset[_-]?(db|database|all|data)|"
                               r"set[_-]?role|change[_-]?role|make[_-]?admin|promote|grant)(/|$|[_-])")
_AUTH_HINTS = re.compile(
    r"login|logged|auth|current_user|permission|perm|is_admin|is_staff|is_superuser|role|require|session\[|"
    r"session\.get|token|api_key|apikey|signature|verify|check_|abort|forbidden|unauthori|jwt|identity|principal|"
    r"g\.user|request\.user", re.IGNORECASE)
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_RANK = {G.PUBLIC: 0, G.AUTHENTICATED: 1, G.AUTHORISED: 2}


def check_inventory(inventory, active: set[str]) -> list[Finding]:
    """The findings of the route rules that are switched on."""
    if inventory is None:
        return []
    routes = [r for r in inventory.routes if not r.test_code]
    out: list[Finding] = []
    if COMMENTED.id in active:
        out += _commented(routes)
    if ADMIN.id in active:
        out += _admin(routes)
    if LOGIN_ONLY.id in active:
        out += _login_only(routes)
    if SIBLING.id in active:
        flagged = {(f.location.path, f.location.line) for f in out}
        out += [f for f in _siblings(routes) if (f.location.path, f.location.line) not in flagged]
    return out


def _finding(rule: Rule, route, line: int, message: str, cwe: int | None = None,
             confidence: Confidence | None = None) -> Finding:
    cwe = cwe or rule.cwe
    return Finding(rule_id=rule.id, cwe=cwe, pillar=pillar_of(cwe), severity=rule.severity,
                   confidence=confidence or rule.confidence, location=Location(route.path, line),
                   snippet=_line(route.path, line), message=message, fix=rule.fix, title=rule.title)


def _line(path: str, line: int) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for n, text in enumerate(fh, 1):
                if n == line:
                    return text.strip()
    except OSError:
        pass
    return ""


def _commented(routes) -> list[Finding]:
    out = []
    for r in routes:
        if r.commented_guard is None or r.public_by_design:
            continue
        line, code = r.commented_guard
        level = G.AUTHORISED if re.search(r"admin|role|perm|staff|superuser", code, re.I) else G.AUTHENTICATED
        if _RANK.get(r.auth, 0) >= _RANK[level] or r.auth == "unknown":
            continue
        out.append(_finding(COMMENTED, r, line, f"{r.label}: the guard `{code[:80]}` is commented out and the "
                            f"route is {r.auth}: " + COMMENTED.message[0].lower() + COMMENTED.message[1:],
                            cwe=306 if r.auth == G.PUBLIC else 862))
    return out


def _admin(routes) -> list[Finding]:
    out = []
    # a destructive word is evidence only in an app that guards something: where no route has a guard, access
    # is likely decided in front of the app (a proxy, a private network)
    guarding = {r.framework for r in routes if r.auth in (G.AUTHENTICATED, G.AUTHORISED)}
    for r in routes:
        if r.auth != G.PUBLIC or not r.rule or any(g.level == G.PUBLIC for g in r.guards):
            continue
        path = r.rule.lower()
        if not (G.privileged_path(path) or (_DESTRUCTIVE_PATH.search(path) and r.framework in guarding)):
            continue
        body = re.sub(r"(['\"])(?:\\.|(?!\1).)*\1", "''", _body_text(r))  # words in strings are data
        if _AUTH_HINTS.search(body):
            continue
        out.append(_finding(ADMIN, r, r.anchor or r.line, f"{r.label}: " + ADMIN.message))
    return out


def _login_only(routes) -> list[Finding]:
    """A state-changing administrative or role-changing route whose only guard is a login, in an app whose
    other routes declare role or permission guards (so the app has roles, and this route forgot them)."""
    authorising = {r.framework for r in routes
                   if any(g.level == G.AUTHORISED and g.kind != "in-body" for g in r.guards)}
    out = []
    for r in routes:
        if r.auth != G.AUTHENTICATED or not r.rule or r.framework not in authorising:
            continue
        if r.methods and not set(r.methods) & _WRITES:
            continue
        path = r.rule.lower()
        if not (_ROLE_CHANGE_PATH.search(path) or G.privileged_path(path)):
            continue
        out.append(_finding(LOGIN_ONLY, r, r.anchor or r.line, f"{r.label}: " + LOGIN_ONLY.message))
    return out


def _body_text(r) -> str:
    try:
        with open(r.path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return ""
    start = r.line  # the def line: its parameters (Depends(...)) and body, up to the next top-level statement
    text = []
    for n in range(start - 1, min(len(lines), start + 200)):
        line = lines[n]
        if n > start - 1 and line and not line[0].isspace() and not line.startswith((")", "#")):
            break
        text.append(line)
    return "\n".join(text)


def _groups(r) -> list[tuple[str, str]]:
    keys = [("group", r.group), ("package", os.path.dirname(r.path) + "|" + r.framework)]
    if r.rule:
        segments = [s for s in re.split(r"[/^$]+", r.rule) if s]
        if segments and not re.match(r"[<{(]", segments[0]):
            keys.append(("prefix", os.path.dirname(r.path) + "|" + segments[0]))
    return keys


def _siblings(routes) -> list[Finding]:
    by_group: dict[tuple[str, str], list] = {}
    for r in routes:
        for key in _groups(r):
            by_group.setdefault(key, []).append(r)
    out = []
    for r in routes:
        if r.public_by_design or r.auth == "unknown" or r.auth == G.AUTHORISED:
            continue
        mine = _RANK[r.auth]
        for key in _groups(r):
            siblings = [s for s in by_group[key] if s is not r and not s.public_by_design and
                        (s.handler, s.rule) != (r.handler, r.rule)]
            if r.methods and not set(r.methods) & _WRITES:
                # a page that only reads is compared with the siblings that only read: a catalogue open to
                # all beside its guarded editing routes is a design, not an omission
                siblings = [s for s in siblings if s.methods and not set(s.methods) & _WRITES]
            if len(siblings) < 3:
                continue
            # declared guards only: a check written inside one handler is that handler's own decision, not a
            # convention the next route was meant to follow
            stronger = [s for s in siblings if any(_RANK.get(g.level, 0) > mine and g.kind != "in-body"
                                                   for g in s.guards)]
            if len(stronger) < 3 or len(stronger) < 0.75 * len(siblings):
                continue
            names = Counter(g.name for s in stronger for g in s.guards
                            if _RANK.get(g.level, 0) > mine and g.kind != "in-body")
            if not names:
                continue
            guard = names.most_common(1)[0][0]
            what = {"group": "in the same router / view class", "package": "in the same package",
                    "prefix": "under the same URL prefix"}[key[0]]
            cwe = 306 if r.auth == G.PUBLIC else 862
            out.append(_finding(SIBLING, r, r.line,
                                f"{r.label}: {len(stronger)} of its {len(siblings)} sibling routes {what} are "
                                f"guarded ({guard}), this one is {r.auth}: anyone "
                                f"{'can call it' if cwe == 306 else 'logged in can call it, whatever their role'}.",
                                cwe=cwe))
            break
    return out
