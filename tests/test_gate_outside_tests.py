"""The ``outside_tests`` gate: rules that return at once in test code are not handed the nodes of test modules,
and every rule that declares it really finds nothing in test code (so leaving it out there changes nothing)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pillarscan.engine import run_pattern_rules
from pillarscan.findings import Confidence, Severity
from pillarscan.python.context import ModuleContext
from pillarscan.python.names import module_name_for
from pillarscan.python.parse import parse_source
from pillarscan.rules.registry import Hit, Rule, RuleGate, all_rules

CASES = Path(__file__).parent / "cases"
OUTSIDE_TESTS = [r for r in all_rules() if r.check is not None and r.gate is not None and r.gate.outside_tests]


def _context(source: str, rel: str) -> ModuleContext:
    parsed = parse_source(source.encode("utf-8"), rel)
    return ModuleContext.build(rel, parsed.tree, parsed.lines, module_name_for(rel),
                               is_package=rel.endswith("__init__.py"), rel_path=rel)


def _probe(calls: list[str]) -> Rule:
    def check(node: ast.Call, ctx):
        calls.append(ctx.call_name(node))
        yield Hit(node)

    return Rule(id="probe", cwe=798, severity=Severity.parse("low"), confidence=Confidence.parse("low"),
                title="t", message="m", fix="f", node_types=(ast.Call,), check=check,
                gate=RuleGate(outside_tests=True))


def test_rule_is_not_asked_in_test_modules() -> None:
    calls: list[str] = []
    source = "import os\nos.getcwd()\n"
    assert run_pattern_rules(_context(source, "app/tests/test_views.py"), [_probe(calls)]) == []
    assert calls == []  # not even handed a node
    assert len(run_pattern_rules(_context(source, "app/views.py"), [_probe(calls)])) == 1
    assert calls == ["os.getcwd"]


def test_the_costly_everywhere_rules_declare_it() -> None:
    ids = {r.id for r in OUTSIDE_TESTS}
    assert {"hardcoded-credential", "credential-in-url", "tls-verification-disabled", "hardcoded-tmp-path"} <= ids


def _flagging_cases() -> list[tuple[Path, set[str]]]:
    """Case files with what the ``outside_tests`` rules, gates off, find in them as production code."""
    ungated = [Rule(**{**r.__dict__, "gate": None}) for r in OUTSIDE_TESTS]
    found = []
    for path in sorted(CASES.rglob("*.py")):
        rel = str(path.relative_to(CASES))
        ctx = _context(path.read_text(encoding="utf-8"), rel)
        if ctx.is_test_code:
            continue
        flagged = {f.rule_id for f in run_pattern_rules(ctx, ungated)}
        if flagged:
            found.append((path, flagged))
    return found


FLAGGING = _flagging_cases()


def test_the_corpus_exercises_most_of_these_rules() -> None:
    fired = set().union(*(flagged for _, flagged in FLAGGING))
    assert len(fired) >= len(OUTSIDE_TESTS) - 3, sorted(r.id for r in OUTSIDE_TESTS if r.id not in fired)


@pytest.mark.parametrize("path,flagged", FLAGGING, ids=[str(p.relative_to(CASES)) for p, _ in FLAGGING])
def test_the_same_code_as_a_test_module_is_not_flagged_even_ungated(path: Path, flagged: set[str]) -> None:
    """What a rule flags in production code it must not flag once the file sits under tests/: the gate only
    spares the work the check would have thrown away."""
    test_rel = "tests/" + str(path.relative_to(CASES))
    ctx = _context(path.read_text(encoding="utf-8"), test_rel)
    assert ctx.is_test_code
    ungated = [Rule(**{**r.__dict__, "gate": None}) for r in OUTSIDE_TESTS if r.id in flagged]
    assert run_pattern_rules(ctx, ungated) == []
    assert not any(r.gate.admits(ctx) for r in OUTSIDE_TESTS)
