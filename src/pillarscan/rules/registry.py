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
    """What a pattern check reports: the node to point at, and optionally a sharper message or confidence."""

    node: ast.AST
    message: str | None = None
    confidence: Confidence | None = None
    cwe: int | None = None


CheckFn = Callable[[ast.AST, "object"], Iterable[Hit]]


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
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register ``fn(node, ctx) -> Iterable[Hit]`` as a pattern rule for the given node types."""

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
