"""The rule registry: what every rule declares, and how rules are found.

A rule is metadata (id, CWE, severity, confidence, why, fix) plus, for pattern rules, a small check function
that the engine calls for the node types it asks for. Taint rules carry no code at all: they name a sink kind
from the models in ``python/models`` and the flow engine does the rest.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..cwe import pillar_of
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

    @property
    def kind(self) -> str:
        return "taint" if self.is_taint else "pattern"

    @property
    def groups(self) -> frozenset[str]:
        """The named groups this rule belongs to: its kind, its pillar's short name, and its tags."""
        return frozenset({self.kind, PILLAR_GROUPS_BY_CWE[pillar_of(self.cwe)], *self.tags})

    @property
    def default_on(self) -> bool:
        """Whether the default security review runs it: every rule but the hygiene ones."""
        return HYGIENE not in self.tags


@dataclass(frozen=True)
class RuleExamples:
    """What ``pillarscan rule ID`` shows: a short piece of code the rule flags and a look-alike it leaves alone.

    Kept as data (``rules/examples.toml``, shipped with the package) because the case corpus under tests/ is not
    installed; tests/test_selection.py scans every example, so they cannot drift from what the rule does."""

    flagged: str
    safe: str
    # files beside the example (relative path → text): the template a view renders, the .env a rule reads
    flagged_files: tuple[tuple[str, str], ...] = ()
    safe_files: tuple[tuple[str, str], ...] = ()


# --- groups: names that select many rules at once (``--select hygiene``, ``--ignore taint``) -------------------

HYGIENE = "hygiene"
# Each pillar's short name is the name of the module that holds its rules (rules/access.py = CWE-284).
PILLAR_GROUPS: dict[str, int] = {
    "access": 284, "interaction": 435, "resources": 664, "calculation": 682, "control-flow": 691,
    "protection": 693, "comparison": 697, "exceptions": 703, "neutralization": 707, "standards": 710,
}
PILLAR_GROUPS_BY_CWE: dict[int, str] = {cwe: name for name, cwe in PILLAR_GROUPS.items()}
GROUPS: dict[str, str] = {
    HYGIENE: "robustness and code-quality checks a security reviewer would not raise (missing timeouts, unclosed "
             "files, fixed /tmp names, float equality …): off in the default review, on with --select hygiene",
    "taint": "rules that follow untrusted data from a source to a sink (injection, traversal, SSRF …)",
    "routes": "rules that judge each route of the route inventory (its guards against its siblings' and the app's)",
    "pattern": "rules that match one construct in the code (weak hashes, disabled TLS checks, debug mode …)",
    **{name: f"the rules under pillar CWE-{cwe}" for name, cwe in PILLAR_GROUPS.items()},
}


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
    tags: tuple[str, ...] = (),
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register ``fn(node, ctx) -> Iterable[Hit]`` as a pattern rule for the given node types.

    ``requires_imports`` / ``requires_words``: the rule's gate (see ``RuleGate``), for rules that can only fire
    in modules that use a given library or mention a given name. ``skips_test_code``: the check returns at once
    when ``ctx.is_test_code``, so the engine need not hand it the nodes of test modules at all. ``tags``: the
    groups it belongs to beyond its kind and pillar (``hygiene``: off in the default review; see ``GROUPS``).
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
                tags=tuple(tags),
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
    """Every registered rule, importing the per-pillar modules once so their decorators run. The sorted list is
    kept while the registry holds the same rules (the engine asks once per file)."""
    from . import load_all

    load_all()
    current = tuple(_RULES.values())
    if current != _SORTED[0]:  # (the same objects: compared by identity, element by element)
        _SORTED[:] = [current, sorted(current, key=lambda r: (r.cwe, r.id))]
    return list(_SORTED[1])


_SORTED: list = [(), []]


def selected_rules(enabled: Iterable[str] | None, disabled: Iterable[str]) -> list[Rule]:
    """Every rule in ``enabled`` (all when None) and not in ``disabled``; the last answer is kept (the engine's
    per-file phase asks once per file)."""
    everything = all_rules()
    enabled = None if enabled is None else frozenset(enabled)
    disabled = frozenset(disabled)  # (copies: a set given may be changed later)
    key = (tuple(everything), enabled, disabled)
    if not _SELECTED or _SELECTED[0] != key:
        _SELECTED[:] = [key, [r for r in everything if (enabled is None or r.id in enabled) and r.id not in disabled]]
    return list(_SELECTED[1])


_SELECTED: list = []


def rule_ids(rules: list[Rule]) -> frozenset[str]:
    """The ids of ``rules``, kept for the last list asked (the same rules, file after file)."""
    key = tuple(rules)
    if not _IDS or _IDS[0] != key:
        _IDS[:] = [key, frozenset(r.id for r in rules)]
    return _IDS[1]


_IDS: list = []


_EXAMPLES: dict[str, RuleExamples] = {}


def examples_of(rule_id: str) -> RuleExamples | None:
    """The rule's examples from ``examples.toml``, read on first use (an example for no rule is an error)."""
    if not _EXAMPLES:
        _EXAMPLES.update(_read_examples())
    return _EXAMPLES.get(rule_id)


def _read_examples() -> dict[str, RuleExamples]:
    from importlib.resources import files

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    data = tomllib.loads(files(__package__).joinpath("examples.toml").read_text(encoding="utf-8"))
    known = {rule.id for rule in all_rules()}
    for rule_id in data:
        if rule_id not in known:
            raise ValueError(f"rules/examples.toml: no rule {rule_id!r}")
    return {rule_id: RuleExamples(e["flagged"], e["safe"], tuple(e.get("flagged_files", {}).items()),
                                  tuple(e.get("safe_files", {}).items()))
            for rule_id, e in data.items()}


def get_rule(rule_id: str) -> Rule:
    all_rules()
    return _RULES[rule_id]


def iter_hits(rule: Rule, node: ast.AST, ctx: object) -> Iterator[Hit]:
    assert rule.check is not None
    yield from rule.check(node, ctx)
