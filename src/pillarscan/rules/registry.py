"""The rule registry: what every rule declares, and how rules are found.

A rule is metadata (id, CWE, severity, confidence, why, fix) plus, for pattern rules, a small check function
that the engine calls for the node types it asks for. Taint rules carry no code at all: they name a sink kind
from the models in ``python/models`` and the flow engine does the rest.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..findings import Confidence, Severity


@dataclass(frozen=True)
class Hit:
    """What a pattern check reports: the node to point at, and optionally a sharper message, confidence, CWE or
    severity (a secret in an example configuration is graded down, not dropped)."""

    node: ast.AST
    message: str | None = None
    confidence: Confidence | None = None
    cwe: int | None = None
    severity: Severity | None = None


CheckFn = Callable[[ast.AST, "object"], Iterable[Hit]]


@dataclass(frozen=True)
class RuleGate:
    """What a module must contain for a pattern rule to possibly fire there, checked once per module.

    Most rules look for one library's API, and most modules never touch it: a rule that matches
    ``ssl.PROTOCOL_TLSv1`` cannot fire in a module that imports neither ``ssl`` nor anything under it, so the
    engine skips it there instead of handing it every name node. Both conditions must hold when both are given:

    - ``imports``: top-level packages (``ssl``, ``OpenSSL``); the module must be able to resolve a qualified name
      under one of them (an import of it, or being part of that package itself). ``builtins`` is always there.
    - ``words``: text of which at least one must occur in the source (substring match). Every part of a
      qualified name, every attribute and keyword name is written in the source, so a rule that matches
      ``x.extractall(...)`` may say ``words=("extractall",)``. A string the rule compares literals with counts
      too, as long as the rule needs it written out (an escape sequence or an implicit concatenation of pieces
      would hide it from the gate: no real code spells setting names that way).
    - ``outside_tests``: the module must not be test code (``ModuleContext.is_test_code``), for rules whose
      check returns at once in tests. Test modules are half of a large project's code (844 of Nova's 1,518
      files), and the rules that look at every call, constant or assignment are the costly ones there.

    A gate must follow from what the check itself tests; tests/test_rule_gates.py checks every gate against
    the flagged lines of the case corpus.
    """

    imports: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    outside_tests: bool = False

    def admits(self, ctx) -> bool:
        if self.outside_tests and ctx.is_test_code:
            return False
        if self.imports and not any(ctx.may_resolve_under(root) for root in self.imports):
            return False
        return not self.words or any(ctx.source_mentions(word) for word in self.words)


@dataclass(frozen=True)
class Rule:
    """Metadata shared by pattern and taint rules; ``check`` is set for pattern rules, ``sink_kind`` for taint rules."""

    id: str
    cwe: int
    severity: Severity
    confidence: Confidence
    title: str
    message: str
    fix: str
    node_types: tuple[type, ...] = ()
    check: CheckFn | None = None
    sink_kind: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    gate: RuleGate | None = None  # pattern rules: skip modules that cannot contain a match (see RuleGate)

    @property
    def is_taint(self) -> bool:
        return self.sink_kind is not None


_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in _RULES:
        raise ValueError(f"duplicate rule id {rule.id}")
    _RULES[rule.id] = rule
    return rule


def pattern_rule(
    id: str,
    cwe: int,
    severity: str,
    confidence: str,
    title: str,
    message: str,
    fix: str,
    nodes: tuple[type, ...] = (ast.Call,),
    requires_imports: tuple[str, ...] = (),
    requires_words: tuple[str, ...] = (),
    skips_test_code: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register ``fn(node, ctx) -> Iterable[Hit]`` as a pattern rule for the given node types.

    ``requires_imports`` / ``requires_words``: the rule's gate (see ``RuleGate``), for rules that can only fire
    in modules that use a given library or mention a given name. ``skips_test_code``: the check returns at once
    when ``ctx.is_test_code``, so the engine need not hand it the nodes of test modules at all.
    """
    for root in requires_imports:
        if "." in root:
            raise ValueError(f"rule {id}: requires_imports names top-level packages, not {root!r}")
    gate = RuleGate(tuple(requires_imports), tuple(requires_words), skips_test_code) \
        if requires_imports or requires_words or skips_test_code else None

    def wrap(fn: CheckFn) -> CheckFn:
        register(
            Rule(
                id=id,
                cwe=cwe,
                severity=Severity.parse(severity),
                confidence=Confidence.parse(confidence),
                title=title,
                message=message,
                fix=fix,
                node_types=nodes,
                check=fn,
                gate=gate,
            )
        )
        return fn

    return wrap


def taint_rule(
    id: str, cwe: int, severity: str, confidence: str, title: str, message: str, fix: str, sink_kind: str
) -> Rule:
    """Register a rule that fires when untrusted data flows into a sink of ``sink_kind``."""
    return register(
        Rule(
            id=id,
            cwe=cwe,
            severity=Severity.parse(severity),
            confidence=Confidence.parse(confidence),
            title=title,
            message=message,
            fix=fix,
            sink_kind=sink_kind,
        )
    )


def all_rules() -> list[Rule]:
    """Every registered rule, importing the per-pillar modules once so their decorators run."""
    from . import load_all

    load_all()
    return sorted(_RULES.values(), key=lambda r: (r.cwe, r.id))


def get_rule(rule_id: str) -> Rule:
    all_rules()
    return _RULES[rule_id]


def iter_hits(rule: Rule, node: ast.AST, ctx: object) -> Iterator[Hit]:
    assert rule.check is not None
    yield from rule.check(node, ctx)
