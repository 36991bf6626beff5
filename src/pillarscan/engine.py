"""One run: collect files → parse each once → pattern rules and per-file flow facts → cross-module taint → filter.

The per-file phase runs in worker processes and returns only small values (findings, diagnostics, flow facts),
never trees; the cross-module taint phase then works on those facts alone.
"""

from __future__ import annotations

import ast
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from .cwe import pillar_of
from .findings import Confidence, Diagnostic, Finding, Location, ScanResult, Severity
from .inputs.files import SourceFile, collect
from .inputs.roots import RootResolver
from .python.context import ModuleContext
from .python.gc_pause import paused_gc
from .python.names import module_name_for
from .python.parse import ParseFailure, parse_source
from .python.suppressions import BLANKET_SUPPRESSION, UNUSED_SUPPRESSION, SuppressionLedger, file_suppressions
from .rules.registry import Hit, Rule, all_rules


@dataclass
class ScanOptions:
    """Everything that shapes a run; the CLI and pyproject configuration both end up here."""

    min_severity: Severity = Severity.LOW
    min_confidence: Confidence = Confidence.LOW
    excludes: tuple[str, ...] = ()
    enabled_rules: frozenset[str] | None = None  # None: all
    disabled_rules: frozenset[str] = frozenset()
    max_file_bytes: int = 2_000_000
    jobs: int = 0  # 0: one per core
    extra_models: tuple[str, ...] = ()
    progress: Callable[[int, int], None] | None = None
    honour_nosec: bool = False  # Bandit's "# nosec" comments suppress too (as blanket suppressions)
    report_unused_ignores: bool = False  # suppressions that matched nothing become findings


@dataclass
class FileOutcome:
    """What the per-file phase sends back from a worker."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: int = 0
    facts: object | None = None  # taint facts (python.flow.ModuleFacts) for the cross-module phase
    suppressions: object | None = None  # python.suppressions.FileSuppressions, when the file has any
    scanned: bool = False


def active_rules(options: ScanOptions) -> list[Rule]:
    rules = []
    for rule in all_rules():
        if options.enabled_rules is not None and rule.id not in options.enabled_rules:
            continue
        if rule.id in options.disabled_rules:
            continue
        rules.append(rule)
    return rules


def _snippet(ctx_lines: list[str], line: int) -> str:
    return ctx_lines[line - 1].strip() if 1 <= line <= len(ctx_lines) else ""


def finding_from_hit(rule: Rule, hit: Hit, path: str, lines: list[str]) -> Finding:
    node = hit.node
    line = getattr(node, "lineno", 1)
    cwe = hit.cwe or rule.cwe
    return Finding(
        rule_id=rule.id,
        cwe=cwe,
        pillar=pillar_of(cwe),
        severity=rule.severity,
        confidence=hit.confidence or rule.confidence,
        location=Location(path, line, getattr(node, "col_offset", 0), getattr(node, "end_lineno", None),
                          getattr(node, "end_col_offset", None)),
        snippet=_snippet(lines, line),
        message=hit.message or rule.message,
        fix=rule.fix,
        title=rule.title,
    )


def run_pattern_rules(ctx: ModuleContext, rules: Iterable[Rule]) -> list[Finding]:
    """Walk the tree once, handing each node to the rules that asked for its type."""
    by_type: dict[type, list[Rule]] = {}
    for rule in rules:
        if rule.check is None:
            continue
        if rule.gate is not None and not rule.gate.admits(ctx):
            continue  # the module lacks what the rule looks for (an import, a name): it cannot fire here
        for t in rule.node_types:
            by_type.setdefault(t, []).append(rule)
    findings: list[Finding] = []
    broken: dict[str, str] = {}
    wanted = by_type.get
    with paused_gc():
        for node in ctx.walk_order or ast.walk(ctx.tree):  # the walk ModuleContext.build did already
            rules_here = wanted(node.__class__)
            if rules_here is None:
                continue
            for rule in rules_here:
                if rule.id in broken:
                    continue
                try:
                    for hit in rule.check(node, ctx):
                        findings.append(finding_from_hit(rule, hit, ctx.path, ctx.lines))
                except RecursionError:
                    raise
                except Exception as exc:  # a faulty rule must not stop the review of this file or the tree
                    broken[rule.id] = f"rule {rule.id} failed at line {getattr(node, 'lineno', '?')}: {exc!r}"
    ctx.rule_errors = list(broken.values())
    return findings


def analyse_file(source: SourceFile, options: ScanOptions) -> FileOutcome:
    """The per-file phase: read, parse once, run pattern rules, extract flow facts. Never raises."""
    import stat

    outcome = FileOutcome(path=source.path)
    try:
        info = os.stat(source.path)
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever
            outcome.diagnostics.append(Diagnostic(source.path, "not a regular file"))
            return outcome
        if info.st_size > options.max_file_bytes:
            outcome.diagnostics.append(Diagnostic(
                source.path, f"file larger than the {options.max_file_bytes:,}-byte limit (max_file_bytes)"))
            return outcome
        with open(source.path, "rb") as fh:
            data = fh.read(options.max_file_bytes + 1)
    except OSError as exc:
        outcome.diagnostics.append(Diagnostic(source.path, f"cannot read file: {exc.strerror or exc}"))
        return outcome
    if len(data) > options.max_file_bytes:
        outcome.diagnostics.append(
            Diagnostic(source.path, f"file larger than the {options.max_file_bytes:,}-byte limit (max_file_bytes)"))
        return outcome
    return analyse_bytes(data, source, options, outcome)


def analyse_bytes(data: bytes, source: SourceFile, options: ScanOptions, outcome: FileOutcome | None = None) -> FileOutcome:
    """Parse and analyse on a big-stack thread (deeply nested code is real); every failure is a diagnostic."""
    from .python.deep_stack import call_with_deep_stack

    outcome = outcome or FileOutcome(path=source.path)

    def work() -> FileOutcome:
        try:
            parsed = parse_source(data, source.path)
        except ParseFailure as exc:
            outcome.diagnostics.append(Diagnostic(source.path, exc.reason, line=exc.line))
            return outcome
        except (RecursionError, MemoryError):
            outcome.diagnostics.append(Diagnostic(source.path, "nesting too deep to parse"))
            return outcome
        outcome.lines = len(parsed.lines)
        outcome.suppressions = file_suppressions(source.path, parsed.suppressions, parsed.tree, parsed.lines,
                                                 options.honour_nosec)
        module = module_name_for(source.rel)
        rules = active_rules(options)
        ctx = ModuleContext.build(source.path, parsed.tree, parsed.lines, module,
                                  is_package=source.rel.endswith("__init__.py"), rel_path=source.rel)
        outcome.findings = run_pattern_rules(ctx, rules)
        outcome.diagnostics.extend(Diagnostic(source.path, text, kind="warning") for text in ctx.rule_errors)
        if any(r.is_taint for r in rules):
            from .python.flow import extract_module_facts

            outcome.facts = extract_module_facts(ctx, options.extra_models)
        outcome.scanned = True
        return outcome

    try:
        return call_with_deep_stack(work)
    except (RecursionError, MemoryError):
        reason = "nesting too deep to analyse"
    except Exception as exc:  # a defect of ours must cost one file, not the run
        reason = f"internal error while analysing: {type(exc).__name__}: {exc}"
    outcome.diagnostics.append(Diagnostic(source.path, reason))
    outcome.findings, outcome.facts, outcome.scanned = [], None, False
    return outcome


def _apply_suppressions(findings: list[Finding], ledger: SuppressionLedger, rules: list[Rule],
                        options: ScanOptions) -> tuple[list[Finding], list[Diagnostic]]:
    """Drop suppressed findings (before thresholds, so a comment that hid anything counts as used), then add
    the findings about the comments themselves: blanket ones always, unused ones on request."""
    kept = [f for f in findings if not ledger.suppresses(f)]
    active = {rule.id for rule in rules}
    if BLANKET_SUPPRESSION.id in active:
        kept += ledger.blanket_findings()
    if UNUSED_SUPPRESSION.id in active and options.report_unused_ignores:
        kept += ledger.unused_findings()
    return kept, ledger.unknown_codes({rule.id for rule in all_rules()})


def scan(targets: list[str], options: ScanOptions | None = None, stdin_data: bytes | None = None) -> ScanResult:
    """Review ``targets`` (files and trees); ``stdin_data`` reviews one file read from standard input."""
    options = options or ScanOptions()
    started = time.perf_counter()
    result = ScanResult(targets=list(targets))
    if stdin_data is not None:
        sources: list[SourceFile] = []
        outcomes = [analyse_bytes(stdin_data, SourceFile("<stdin>", "stdin.py"), options)]
    else:
        sources, diags = collect(targets, options.excludes)
        result.diagnostics.extend(diags)
        outcomes = list(_analyse_all(sources, options))
    finish(outcomes, options, result)
    result.duration_s = time.perf_counter() - started
    return result


def finish(outcomes: Iterable[FileOutcome], options: ScanOptions, result: ScanResult,
           root_relative: Callable[[str], str] | None = None) -> ScanResult:
    """Everything after the per-file phase, shared by ``scan`` and the review of a change (which builds its
    outcomes from blobs, not files): gather outcomes, solve cross-module taint, filter, deduplicate, sort.
    ``root_relative`` maps a reported path to its root-relative form for fingerprints (default: found on disk
    from ``result.targets``; a change review already has repository-relative paths)."""
    ledger = SuppressionLedger()
    facts = []
    for outcome in outcomes:
        result.diagnostics.extend(outcome.diagnostics)
        if outcome.scanned:
            result.files_scanned.append(outcome.path)
            result.lines_scanned += outcome.lines
            ledger.add(outcome.suppressions)
            result.findings.extend(outcome.findings)
            if outcome.facts is not None:
                facts.append(outcome.facts)
    rules = active_rules(options)
    taint_rules = [r for r in rules if r.is_taint]
    if taint_rules and facts:
        from .python.summaries import solve

        flows_findings, flow_diags = solve(facts, taint_rules)
        result.findings.extend(flows_findings)
        result.diagnostics.extend(flow_diags)
    unsuppressed, suppression_diags = _apply_suppressions(result.findings, ledger, rules, options)
    result.diagnostics.extend(suppression_diags)
    root_relative = root_relative or RootResolver(list(result.targets)).relative
    result.findings = sorted(
        {f.fingerprint + str(f.location.line): replace(f, root_path=root_relative(f.location.path))
         for f in unsuppressed
         if f.severity >= options.min_severity and f.confidence >= options.min_confidence}.values(),
        key=Finding.sort_key,
    )
    for rule in rules:
        result.checks_by_pillar.setdefault(pillar_of(rule.cwe), []).append(rule.id)
    return result


def _analyse_all(sources: list[SourceFile], options: ScanOptions):
    jobs = options.jobs or os.cpu_count() or 1
    total = len(sources)
    if jobs <= 1 or total < 16:
        for i, src in enumerate(sources, 1):
            yield analyse_file(src, options)
            if options.progress:
                options.progress(i, total)
        return
    progress, options.progress = options.progress, None  # callbacks do not cross process boundaries
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for i, outcome in enumerate(pool.map(analyse_file, sources, [options] * total, chunksize=8), 1):
                yield outcome
                if progress:
                    progress(i, total)
    finally:
        options.progress = progress
