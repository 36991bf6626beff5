"""Project-level checks: findings that depend on what the whole application does or lacks — a login with no
rate limiter anywhere in the app, a Flask app whose forms no CSRF protection covers, a form that exposes the
privilege fields of a model defined in another module.

Each file contributes a small ``FileFacts`` in the per-file phase (cached with the file's outcome, so an
unchanged file is not read again); ``settle`` groups them by application and decides, in the main process.
An *application* is the nearest folder above a file that holds a project marker (``requirements.txt``,
``pyproject.toml``, ``manage.py``…) within the scanned tree, else the scanned tree itself: a repository of
several apps (a lab collection, a monorepo) is judged app by app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable

from ..cwe import pillar_of
from ..findings import Finding, Location

MARKERS = ("requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "manage.py", "Pipfile", "Dockerfile",
           "tox.ini")


@dataclass(frozen=True)
class Spot:
    """Where a project finding would be reported, with what the file phase knew about it."""

    line: int
    column: int
    end_line: int | None
    snippet: str
    detail: str = ""


@dataclass
class FileFacts:
    """What one file says about its application (all that ``settle`` needs; small and picklable)."""

    limiter: bool = False  # uses a rate limiter or counts failed attempts
    csrf_protected: bool = False  # Flask: CSRFProtect / Flask-WTF / its own token check
    logins: list[Spot] = field(default_factory=list)  # views that check a password
    resets: list[Spot] = field(default_factory=list)  # views that look up a reset or one-time code from the request
    csrf_routes: list[Spot] = field(default_factory=list)  # Flask POST form views of a logged-in user
    models: dict[str, tuple[str, ...]] = field(default_factory=dict)  # model qualname → its privilege fields
    # ModelForms / ModelSerializers taking every field: (where, model qualname, excluded or None: all, form qualname)
    open_forms: list[tuple[Spot, str, tuple[str, ...] | None, str]] = field(default_factory=list)
    admin_forms: set[str] = field(default_factory=set)  # forms a ModelAdmin uses (staff only)

    @property
    def empty(self) -> bool:
        return not (self.limiter or self.csrf_protected or self.logins or self.resets or self.csrf_routes or self.models
                    or self.open_forms or self.admin_forms)


PROJECT_RULE_IDS = ("login-without-rate-limit", "csrf-protection-missing", "mass-assignment")


def file_facts(ctx, active: set[str]) -> FileFacts | None:
    """The file's contribution, or None when it has none (most files)."""
    if not active & set(PROJECT_RULE_IDS) or ctx.is_test_code:
        return None
    from .access_bruteforce import collect as collect_logins
    from .access_csrf import collect as collect_csrf

    facts = FileFacts()
    if "login-without-rate-limit" in active:
        collect_logins(ctx, facts)
    if "csrf-protection-missing" in active:
        collect_csrf(ctx, facts)
    if "mass-assignment" in active:
        from .access_mass_assignment import admin_forms_of, model_privilege_fields, open_forms_of

        facts.models = model_privilege_fields(ctx)
        facts.open_forms = [(Spot(n.lineno, n.col_offset, n.end_lineno, ctx.line(n.lineno).strip()), qual, excluded,
                             form) for n, qual, excluded, form in open_forms_of(ctx)]
        facts.admin_forms = admin_forms_of(ctx)
    return None if facts.empty else facts


class AppRoots:
    """The application folder of each file (see the module docstring), looked up once per folder."""

    def __init__(self, targets: Iterable[str]):
        self.tops = [os.path.abspath(t if os.path.isdir(t) else os.path.dirname(t) or ".") for t in targets]
        self._memo: dict[str, str] = {}

    def of(self, path: str) -> str:
        folder = os.path.dirname(os.path.abspath(path))
        top = next((t for t in self.tops if folder == t or folder.startswith(t + os.sep)), folder)
        return self._find(folder, top)

    def _find(self, folder: str, top: str) -> str:
        found = self._memo.get(folder)
        if found is None:
            parent = os.path.dirname(folder)
            if folder == top or parent == folder or any(os.path.isfile(os.path.join(folder, m)) for m in MARKERS):
                found = folder
            else:
                found = self._find(parent, top)
            self._memo[folder] = found
        return found


def settle(items: list[tuple[str, FileFacts]], rules: list, targets: Iterable[str]) -> list[Finding]:
    """The project findings of the run: ``items`` are (path, facts) of every file that had some."""
    if not items:
        return []
    by_id = {r.id: r for r in rules if r.id in PROJECT_RULE_IDS}
    roots = AppRoots(targets)
    apps: dict[str, list[tuple[str, FileFacts]]] = {}
    for path, facts in sorted(items, key=lambda i: i[0]):
        apps.setdefault(roots.of(path), []).append((path, facts))
    findings = []
    from .access_bruteforce import judge as judge_logins
    from .access_csrf import judge as judge_csrf

    for app_files in apps.values():
        if "login-without-rate-limit" in by_id:
            findings += [_finding(by_id["login-without-rate-limit"], p, s, message=m)
                         for p, s, m in judge_logins(app_files)]
        if "csrf-protection-missing" in by_id:
            findings += [_finding(by_id["csrf-protection-missing"], p, s) for p, s in judge_csrf(app_files)]
    if "mass-assignment" in by_id:
        findings += _open_forms(items, by_id["mass-assignment"])
    return findings


def _open_forms(items: list[tuple[str, FileFacts]], rule) -> list[Finding]:
    """Forms of one module that expose the privilege fields of a model another module defines."""
    from .access_mass_assignment import builtin_privilege_fields, exposure_message

    models = builtin_privilege_fields()
    admin: set[str] = set()
    for _, facts in items:
        models.update(facts.models)
        admin |= facts.admin_forms
    admin_tails = {_tail(name) for name in admin}
    out = []
    for path, facts in items:
        for spot, qual, excluded, form in facts.open_forms:
            if _tail(form) in admin_tails:
                continue  # the admin site's form: staff may set these fields
            privileged = models.get(qual) or _by_tail(models, qual)
            message = exposure_message(privileged, excluded) if privileged else None
            if message:
                out.append(_finding(rule, path, Spot(spot.line, spot.column, spot.end_line, spot.snippet),
                                    message=message))
    return out


def _tail(qualname: str) -> str:
    """``pkg.forms.UserForm`` → ``forms.UserForm``: module names depend on where the scan starts (a tree
    scanned from inside its package names its modules without the package), the last two parts do not."""
    return ".".join(qualname.split(".")[-2:])


def _by_tail(models: dict[str, tuple[str, ...]], qual: str) -> tuple[str, ...] | None:
    tail = _tail(qual)
    found = [fields for name, fields in models.items() if _tail(name) == tail]
    return found[0] if len(found) == 1 else None


def _finding(rule, path: str, spot: Spot, message: str | None = None) -> Finding:
    text = message or rule.message + (" " + spot.detail if spot.detail else "")
    return Finding(rule_id=rule.id, cwe=rule.cwe, pillar=pillar_of(rule.cwe), severity=rule.severity,
                   confidence=rule.confidence, location=Location(path, spot.line, spot.column, spot.end_line),
                   snippet=spot.snippet, message=text,
                   fix=rule.fix, title=rule.title)
