"""Rule gates: a gated rule is skipped in modules without what it looks for, and every gate in the registry is
consistent with what its rule finds (no flagged line of the case corpus sits in a module its gate turns away)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pillarscan.engine import run_pattern_rules
from pillarscan.python.context import ModuleContext
from pillarscan.python.names import module_name_for
from pillarscan.python.parse import parse_source
from pillarscan.rules.registry import Hit, Rule, RuleGate, all_rules, get_rule
from pillarscan.findings import Confidence, Severity

CASES = Path(__file__).parent / "cases"


def _context(source: str, rel: str = "app/mod.py") -> ModuleContext:
    parsed = parse_source(source.encode("utf-8"), rel)
    return ModuleContext.build(rel, parsed.tree, parsed.lines, module_name_for(rel),
                               is_package=rel.endswith("__init__.py"), rel_path=rel)


def _rule(gate: RuleGate, calls: list[str]) -> Rule:
    """A pattern rule that reports every call and counts how often it was asked."""

    def check(node: ast.Call, ctx):
        calls.append(ctx.call_name(node))
        yield Hit(node)

    return Rule(id="probe", cwe=327, severity=Severity.parse("low"), confidence=Confidence.parse("low"),
                title="t", message="m", fix="f", node_types=(ast.Call,), check=check, gate=gate)


def test_import_gate_skips_module_without_the_import() -> None:
    calls: list[str] = []
    rule = _rule(RuleGate(imports=("ssl",)), calls)
    assert run_pattern_rules(_context("import socket\nsocket.wrap_socket(s)\n"), [rule]) == []
    assert calls == []  # not even asked


@pytest.mark.parametrize("source", [
    "import ssl\nssl.wrap_socket(s)\n",
    "from ssl import wrap_socket as w\nw(s)\n",
    "import ssl.foo as x\nx.wrap_socket(s)\n",
    "def f():\n    import ssl\n    ssl.wrap_socket(s)\n",
])
def test_import_gate_admits_every_way_of_importing(source: str) -> None:
    calls: list[str] = []
    findings = run_pattern_rules(_context(source), [_rule(RuleGate(imports=("ssl",)), calls)])
    assert len(findings) == 1 and calls[0].startswith("ssl.")


def test_import_gate_admits_the_package_itself() -> None:
    """Inside the package ``ssl`` (a vendored copy), its own names resolve to ``ssl.…`` without any import."""
    calls: list[str] = []
    findings = run_pattern_rules(_context("def wrap_socket(s):\n    pass\nwrap_socket(1)\n", rel="ssl/core.py"),
                                 [_rule(RuleGate(imports=("ssl",)), calls)])
    assert calls == ["ssl.core.wrap_socket"] and len(findings) == 1


def test_word_gate_needs_the_word_in_the_source() -> None:
    calls: list[str] = []
    rule = _rule(RuleGate(words=("extractall",)), calls)
    assert run_pattern_rules(_context("t = open(p)\nt.read()\n"), [rule]) == [] and calls == []
    assert len(run_pattern_rules(_context("t = open(p)\nt.extractall(d)\n"), [rule])) == 2


def test_word_gate_reads_identifiers_as_python_does() -> None:
    """``ｅxtractall`` (a full-width letter) is the identifier ``extractall`` to Python, so the gate admits it."""
    calls: list[str] = []
    rule = _rule(RuleGate(words=("extractall",)), calls)
    assert len(run_pattern_rules(_context("t.\uff45xtractall(d)\n"), [rule])) == 1


def test_both_conditions_must_hold() -> None:
    gate = RuleGate(imports=("paramiko",), words=("set_missing_host_key_policy",))
    assert not gate.admits(_context("import paramiko\nc.connect()\n"))
    assert not gate.admits(_context("c.set_missing_host_key_policy(p)\n"))
    assert gate.admits(_context("import paramiko\nc.set_missing_host_key_policy(p)\n"))


def test_dotted_import_gate_is_refused() -> None:
    from pillarscan.rules.registry import pattern_rule

    with pytest.raises(ValueError, match="top-level"):
        pattern_rule(id="x-dotted", cwe=1, severity="low", confidence="low", title="t", message="m", fix="f",
                     requires_imports=("cryptography.hazmat",))


def test_real_rule_gate_skips_and_fires() -> None:
    rule = get_rule("weak-tls-version")
    assert rule.gate is not None
    safe = _context("import socket\nPROTOCOL_TLSv1 = 3\nwrap(PROTOCOL_TLSv1)\n")
    assert run_pattern_rules(safe, [rule]) == []
    flagged = _context("import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n")
    assert [f.location.line for f in run_pattern_rules(flagged, [rule])] == [2]


def _case_files() -> list[Path]:
    return sorted(CASES.rglob("*.py"))


GATED = [r for r in all_rules() if r.check is not None and r.gate is not None]


def test_many_rules_are_gated() -> None:
    assert len(GATED) >= 25


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: str(p.relative_to(CASES)))
def test_every_gate_admits_the_case_files_its_rule_flags(path: Path) -> None:
    """Run every gated rule with its gate off; wherever it finds something, its gate must admit the module."""
    rel = str(path.relative_to(CASES))
    ctx = _context(path.read_text(encoding="utf-8"), rel=rel)
    ungated = [Rule(**{**r.__dict__, "gate": None}) for r in GATED]
    flagged = {f.rule_id for f in run_pattern_rules(ctx, ungated)}
    turned_away = sorted(r.id for r in GATED if r.id in flagged and not r.gate.admits(ctx))
    assert not turned_away, f"{rel}: gates of {turned_away} turn away a module they flag"


def test_corpus_exercises_most_gated_rules() -> None:
    """The consistency check above means something only where gated rules do fire in the corpus."""
    fired: set[str] = set()
    ungated = [Rule(**{**r.__dict__, "gate": None}) for r in GATED]
    for path in _case_files():
        ctx = _context(path.read_text(encoding="utf-8"), rel=str(path.relative_to(CASES)))
        fired |= {f.rule_id for f in run_pattern_rules(ctx, ungated)}
    assert len(fired) >= len(GATED) - 2, sorted(r.id for r in GATED if r.id not in fired)
