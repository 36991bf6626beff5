"""The metamorphic suite of the route inventory (tests/metamorphic/guards.py): a guard applied another way
leaves every route's status and the access rules' verdict as they were; a guard taken away leaves the route
public and makes route-missing-sibling-guard or admin-route-without-auth fire on it. Each variant is its own
small scan (a guard applied app-wide reaches every route of the scan). Variants that fail today are listed in
tests/metamorphic/known_failures.toml (``suite = "guards"``) with the capability they need, and must keep
failing."""

from __future__ import annotations

import fnmatch
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "metamorphic"))

from guards import IDOR_MARK, GuardVariant, app_variants, case_variants  # noqa: E402

from pillarscan.engine import ScanOptions, scan  # noqa: E402
from pillarscan.rules.access_routes import ROUTE_RULE_IDS  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KNOWN = Path(__file__).resolve().parent / "metamorphic" / "known_failures.toml"
ACCESS_RULES = frozenset(ROUTE_RULE_IDS) | {"idor-unscoped-object-lookup", "identity-from-cookie"}
EXPECT = re.compile(r"#.*\bexpect:\s*((?:CWE-\d+\s*,?\s*)+)")
GUARDED = ("authenticated", "authorised")


def _known() -> list[tuple[str, str]]:
    data = tomllib.loads(KNOWN.read_text(encoding="utf-8")) if KNOWN.exists() else {}
    return [(e["variants"], e["reason"]) for e in data.get("failure", []) if e.get("suite") == "guards"]


def _marks(ident: str):
    reasons = [reason for pattern, reason in _known() if fnmatch.fnmatchcase(ident, pattern)]
    return [pytest.mark.xfail(reason=reasons[0], strict=True)] if reasons else []


def _scan(root: Path, files) -> object:
    for name, text in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return scan([str(root)], ScanOptions(cache_dir=None, jobs=0, enabled_rules=ACCESS_RULES))


APPS = app_variants()
CASES = case_variants()


def test_there_are_variants_of_every_framework_and_both_kinds():
    frameworks = {v.framework for v in APPS}
    assert frameworks == {"flask", "flask-methodview", "fastapi", "django", "django-cbv", "drf"}
    assert sum(v.drop is None for v in APPS) >= 30 and sum(v.drop is not None for v in APPS) >= 50
    assert len(CASES) >= 15


@pytest.mark.parametrize("variant", [pytest.param(v, id=v.id, marks=_marks(v.id)) for v in APPS])
def test_app_variant_keeps_or_loses_its_guard(variant: GuardVariant, tmp_path):
    result = _scan(tmp_path, variant.files)
    routes = [r for r in result.routes.routes if not r.test_code]
    wrong = []
    flagged = []
    for suffix, guarded in variant.guarded:
        found = [r for r in routes if r.handler.endswith(suffix)]
        if len(found) != 1:
            wrong.append(f"{suffix}: {len(found)} routes")
            continue
        if (found[0].auth in GUARDED) != guarded:
            wrong.append(f"{suffix} is {found[0].auth}")
        if suffix in variant.flagged:
            flagged.append(found[0])
    assert not wrong, "inventory: " + "; ".join(wrong)
    findings = [f for f in result.findings if f.rule_id in ROUTE_RULE_IDS]

    def at(route, f) -> bool:
        return Path(f.location.path) == Path(route.path) and min(route.anchor, route.line) <= f.location.line \
            <= route.line

    missed = [r.handler for r in flagged if not any(at(r, f) for f in findings)]
    stray = [f"{f.rule_id} at {Path(f.location.path).name}:{f.location.line}" for f in findings
             if not any(at(r, f) for r in flagged)]
    assert not missed and not stray, f"rules: not flagged {missed}; flagged elsewhere {stray}"
    # the IDOR rule reads the same inventory: a lookup by the URL's id is one only where a login guards the view
    marked = {(name, n) for name, text in variant.files for n, line in enumerate(text.splitlines(), 1)
              if line.endswith(IDOR_MARK)}
    idor = {(Path(f.location.path).relative_to(tmp_path).as_posix(), f.location.line) for f in result.findings
            if f.rule_id == "idor-unscoped-object-lookup"}
    assert idor == (marked if variant.idor else set()), "idor-unscoped-object-lookup"


def _expected(source: str) -> set[tuple[int, int]]:
    return {(n, int(c)) for n, line in enumerate(source.splitlines(), 1) if (m := EXPECT.search(line))
            for c in re.findall(r"CWE-(\d+)", m.group(1))}


@pytest.mark.parametrize("case, rewrite, original, source",
                         [pytest.param(*c, id=f"{c[0]}:{c[1]}", marks=_marks(f"{c[0]}:{c[1]}")) for c in CASES])
def test_case_rewrite_keeps_statuses_and_findings(case, rewrite, original, source, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = _scan(tmp_path / "a", [("views.py", original)])
    after = _scan(tmp_path / "b", [("views.py", source)])
    statuses = {r.handler.rsplit(".", 1)[-1]: r.auth for r in before.routes.routes}
    assert statuses, "the case has routes"
    assert {r.handler.rsplit(".", 1)[-1]: r.auth for r in after.routes.routes} == statuses
    assert {(f.location.line, f.cwe) for f in after.findings} == _expected(source)
