"""The metamorphic suite: every taint case, rewritten so that its verdict must stay (the value carried through
containers, fields, classes, closures, helpers, exceptions, globals …) or must flip to safe (overwritten, another
element, a dead branch, a helper that drops it). See tests/metamorphic/rewrites.py for the relations.

Variants are scanned in batches of a few thousand (each its own module), so the suite costs a few scans.
Variants that fail today are listed in tests/metamorphic/known_failures.toml with the engine capability they need;
they must keep failing (strict), so that fixing the engine makes the list shrink rather than hiding a regression
elsewhere.
"""

from __future__ import annotations

import fnmatch
import sys
from functools import lru_cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "metamorphic"))

from generate import Variant, variants  # noqa: E402

from pillarscan.engine import ScanOptions, scan  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KNOWN = Path(__file__).resolve().parent / "metamorphic" / "known_failures.toml"


BATCH = 2000  # variants per scan: each is a module of its own, and the cross-module phase grows faster than linearly


@lru_cache(maxsize=1)
def _run(tmp: str) -> tuple[list[Variant], dict[str, set[tuple[int, int]]]]:
    made, _ = variants()
    flagged: dict[str, set[tuple[int, int]]] = {}
    for start in range(0, len(made), BATCH):
        root = Path(tmp) / f"batch_{start // BATCH:03d}"
        root.mkdir()
        for index in range(start, min(start + BATCH, len(made))):
            (root / f"mm_{index:05d}.py").write_text(made[index].source, encoding="utf-8")
        result = scan([str(root)], ScanOptions(cache_dir=None, jobs=0))
        for finding in result.findings:
            flagged.setdefault(Path(finding.location.path).name, set()).add((finding.location.line, finding.cwe))
    return made, flagged


def _verdict_holds(index: int, variant: Variant, flagged) -> bool:
    hits = flagged.get(f"mm_{index:05d}.py", set())
    found = (variant.sink_line, variant.cwe) in hits
    return found if variant.keeps else not found


def _known() -> list[tuple[str, str]]:
    data = tomllib.loads(KNOWN.read_text(encoding="utf-8")) if KNOWN.exists() else {}
    return [(entry["variants"], entry["reason"]) for entry in data.get("failure", [])
            if entry.get("suite", "taint") == "taint"]  # the guard suite's own: tests/test_metamorphic_guards.py


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    """(variant, whether its verdict holds) for every variant that applies. A flip applies only where the sink's
    argument is what carries the taint: where replacing it by a constant (the ``constant`` rewrite) leaves the
    case still flagged, another argument is tainted too, and the site's flips prove nothing."""
    made, flagged = _run(str(tmp_path_factory.mktemp("metamorphic")))
    held = [(v, _verdict_holds(i, v, flagged)) for i, v in enumerate(made)]
    carriers = {(v.case, v.line) for v, ok in held if v.rewrite == "constant" and ok}
    return [(v, ok) for v, ok in held if v.keeps or (v.case, v.line) in carriers]


def test_there_are_several_thousand_variants_of_both_kinds(outcome):
    keeps = sum(1 for v, _ in outcome if v.keeps)
    flips = len(outcome) - keeps
    assert len(outcome) >= 3000 and keeps >= 1000 and flips >= 500, (len(outcome), keeps, flips)


def test_every_variant_keeps_or_flips_its_verdict(outcome):
    known = _known()
    unexpected = [v.id for v, ok in outcome if not ok and not any(fnmatch.fnmatchcase(v.id, p) for p, _ in known)]
    assert not unexpected, f"{len(unexpected)} variants changed verdict: " + "; ".join(unexpected[:40])


def test_known_failures_still_fail(outcome):
    """Strict: an entry whose variants all pass now must be removed from known_failures.toml."""
    stale = []
    for pattern, reason in _known():
        matching = [ok for v, ok in outcome if fnmatch.fnmatchcase(v.id, pattern)]
        if not matching or all(matching):
            stale.append(f"{pattern} ({reason})")
    assert not stale, "fixed or gone, remove from known_failures.toml: " + "; ".join(stale)
