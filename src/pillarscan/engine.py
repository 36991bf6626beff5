"""One run: collect files → parse each once → pattern rules and per-file flow facts → cross-module taint → filter.

The per-file phase runs in worker processes and returns only small values (findings, diagnostics, flow facts
already pickled), never trees; the cross-module taint phase then works on those facts alone. Per-file outcomes
and the cross-module result are reused from the cache (``cache.py``) while their inputs are unchanged, and every
file runs under a time budget (``budget.py``), so one pathological file costs a diagnostic, not the review.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import stat
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from .budget import FileBudgetExceeded, limit_memory, time_budget
from .cache import ResultCache, default_directory, fingerprint
from .cwe import pillar_of
from .findings import Confidence, Diagnostic, Finding, Location, ScanResult, Severity
from .inputs.files import SourceFile, collect
from .inputs.roots import RootResolver
from .python.context import ModuleContext
from .python.gc_pause import paused_gc
from .python.names import module_name_for
from .python.parse import ParseFailure, parse_source
from .python.suppressions import BLANKET_SUPPRESSION, UNUSED_SUPPRESSION, SuppressionLedger, file_suppressions
from .rules.container import drop_container_binds
from .rules.registry import Hit, Rule, all_rules, rule_ids, selected_rules
from .rules.sensitive import drop_joined
from .templates.link import place as place_in_templates

DEFAULT_FILE_BUDGET_S = 60.0
DEFAULT_WORKER_MEMORY_MB = 4096
MIN_FILES_FOR_WORKERS = 16  # below this, starting processes costs more than it saves


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
    progress: Callable[[int, int], None] | None = None  # (files done, files in total) during the per-file phase
    honour_nosec: bool = False  # Bandit's "# nosec" comments suppress too (as blanket suppressions)
    flow_in_tests: bool = False  # follow data flow in test code too (pattern checks run there either way)
    report_unused_ignores: bool = False  # suppressions that matched nothing become findings
    phase: Callable[[str], None] | None = None  # "collecting", "analysing", "cross-module" as each one starts
    cache_dir: str | None = None  # None: no cache; "": the tree's folder in the user's cache home (cache.py)
    file_budget_s: float = DEFAULT_FILE_BUDGET_S  # per-file time budget; 0: none
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB  # address space a worker may grow by; 0: no cap


@dataclass
class FileOutcome:
    """What the per-file phase sends back from a worker."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: int = 0
    facts: object | None = None  # taint facts (python.flow.ModuleFacts) for the cross-module phase
    project: object | None = None  # what the file says about its application (rules/project.FileFacts)
    suppressions: object | None = None  # python.suppressions.FileSuppressions, when the file has any
    scanned: bool = False
    routes: object | None = None  # web.routes.FileRoutes: the module's routes and route facts, when it has any
    flow_skipped: bool = False  # test code whose data flow was not followed (``ScanOptions.flow_in_tests``)
    transient: bool = False  # cut short by a budget or by memory: the next run should try again, not reuse it


def active_rules(options: ScanOptions) -> list[Rule]:
    return selected_rules(options.enabled_rules, options.disabled_rules)


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
        severity=hit.severity or rule.severity,
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
    by_type: dict[type, list[tuple[Rule, Callable]]] = {}
    for rule in rules:
        if rule.check is None:
            continue
        if rule.gate is not None and not rule.gate.admits(ctx):
            continue  # the module lacks what the rule looks for (an import, a name): it cannot fire here
        for t in rule.node_types:
            by_type.setdefault(t, []).append((rule, rule.check))
    findings: list[Finding] = []
    broken: dict[str, str] = {}
    wanted = by_type.get
    with paused_gc():
        for node in ctx.walk_order or ast.walk(ctx.tree):  # the walk ModuleContext.build did already
            rules_here = wanted(node.__class__)
            if rules_here is None:
                continue
            for rule, check in rules_here:
                if broken and rule.id in broken:
                    continue
                try:
                    for hit in check(node, ctx):
                        findings.append(finding_from_hit(rule, hit, ctx.path, ctx.lines))
                except RecursionError:
                    raise
                except Exception as exc:  # a faulty rule must not stop the review of this file or the tree
                    broken[rule.id] = f"rule {rule.id} failed at line {getattr(node, 'lineno', '?')}: {exc!r}"
    ctx.rule_errors = list(broken.values())
    return findings


def analyse_file(source: SourceFile, options: ScanOptions) -> FileOutcome:
    """The per-file phase: read, parse once, run pattern rules, extract flow facts. Never raises."""
    data = _read_source(source, options)
    if isinstance(data, FileOutcome):
        return data
    return analyse_bytes(data, source, options)


def _read_source(source: SourceFile, options: ScanOptions) -> bytes | FileOutcome:
    """The file's bytes, or an outcome with the diagnostic that says why it cannot be reviewed."""
    outcome = FileOutcome(path=source.path)
    if source.content is not None:
        data = source.content
    else:
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
    return data


def analyse_bytes(data: bytes, source: SourceFile, options: ScanOptions, outcome: FileOutcome | None = None) -> FileOutcome:
    """Parse and analyse on a big-stack thread (deeply nested code is real) within the per-file time budget;
    every failure is a diagnostic."""
    from .python.deep_stack import call_with_deep_stack

    outcome = outcome or FileOutcome(path=source.path)

    def analyse() -> FileOutcome:
        try:
            parsed = parse_source(data, source.path)
        except ParseFailure as exc:
            outcome.diagnostics.append(Diagnostic(source.path, exc.reason, line=exc.line))
            return outcome
        except (RecursionError, MemoryError):
            outcome.diagnostics.append(Diagnostic(source.path, "nesting too deep to parse"))
            return outcome
        outcome.diagnostics.extend(Diagnostic(source.path, note, kind="warning", line=line)
                                   for note, line in parsed.notes)  # a Python 2 file, a statement left out
        outcome.lines = len(parsed.lines)
        outcome.suppressions = file_suppressions(source.path, parsed.suppressions, parsed.tree, parsed.lines,
                                                 options.honour_nosec)
        module = module_name_for(source.rel)
        rules = active_rules(options)
        ctx = ModuleContext.build(source.path, parsed.tree, parsed.lines, module,
                                  is_package=source.rel.endswith("__init__.py"), rel_path=source.rel)
        outcome.findings = run_pattern_rules(ctx, rules)
        outcome.routes = _file_routes(ctx, outcome, rules)
        _project_facts(outcome, ctx, rules)
        outcome.diagnostics.extend(Diagnostic(source.path, text, kind="warning") for text in ctx.rule_errors)
        outcome.scanned = True  # from here on, what is cut is the data flow: the pattern findings stand
        taint = any(r.is_taint for r in rules)
        if taint and ctx.is_test_code and not options.flow_in_tests:
            outcome.flow_skipped = True  # a test's inputs are fixtures: see ScanOptions.flow_in_tests
        elif taint:
            from .python.flow import extract_module_facts

            try:
                outcome.facts = extract_module_facts(ctx, options.extra_models)
            except FileBudgetExceeded:
                outcome.transient = True
                _flow_cut(outcome, source, f"it took longer than the {options.file_budget_s:g} s per-file budget")
            except RecursionError:
                _flow_cut(outcome, source, "nesting too deep to follow")
            except MemoryError:
                outcome.transient = True
                _flow_cut(outcome, source, "it needed more memory than the per-worker limit allows")
            except Exception as exc:  # noqa: BLE001 - a defect of ours costs this file's flows, not its findings
                _flow_cut(outcome, source, f"internal error: {type(exc).__name__}: {exc}")
        return outcome

    def work() -> FileOutcome:
        with time_budget(options.file_budget_s), paused_gc():  # see python/gc_pause: a third of the CPU otherwise
            return analyse()

    try:
        return call_with_deep_stack(work)
    except FileBudgetExceeded:
        reason = f"analysis took longer than the {options.file_budget_s:g} s per-file budget"
        outcome.transient = True
    except RecursionError:
        reason = "nesting too deep to analyse"
    except MemoryError:
        reason = "analysis needed more memory than the per-worker limit allows"
        outcome.transient = True
    except Exception as exc:  # a defect of ours must cost one file, not the run
        reason = f"internal error while analysing: {type(exc).__name__}: {exc}"
    outcome.diagnostics.append(Diagnostic(source.path, reason))
    outcome.findings, outcome.facts, outcome.scanned = [], None, False
    return outcome


def _file_routes(ctx: ModuleContext, outcome: FileOutcome, rules: list[Rule]):
    """The module's route facts (web/routes.py) and IDOR candidates (rules/access_idor.py, judged on the
    inventory); a defect in either costs that part of this file, nothing else."""
    from .rules.access_idor import collect
    from .web.routes import FileRoutes, file_routes

    found = lookups = None
    for part in ("route inventory", "IDOR check"):
        try:
            if part == "route inventory":
                found = file_routes(ctx)
            else:
                lookups = collect(ctx, rule_ids(rules))
        except (RecursionError, MemoryError, FileBudgetExceeded):
            raise
        except Exception as exc:  # noqa: BLE001
            outcome.diagnostics.append(Diagnostic(ctx.path, f"{part} skipped this file ({type(exc).__name__}: "
                                                  f"{exc})", kind="warning"))
    if lookups:
        found = found or FileRoutes(ctx.path, ctx.names.module)
        found.lookups = lookups
    return found


def _project_facts(outcome: FileOutcome, ctx: ModuleContext, rules: list[Rule]) -> None:
    """The file's part in the project-level rules (rules/project.py); a failure costs those rules this file."""
    from .rules.project import PROJECT_RULE_IDS, file_facts

    active = rule_ids(rules).intersection(PROJECT_RULE_IDS)
    if not active:
        return
    try:
        outcome.project = file_facts(ctx, active)
    except (RecursionError, MemoryError, FileBudgetExceeded):
        raise
    except Exception as exc:  # noqa: BLE001 - a defect of ours must cost one file's project facts, not the run
        outcome.diagnostics.append(Diagnostic(ctx.path, f"project-level facts not gathered: {exc!r}", kind="warning"))


def _flow_cut(outcome: FileOutcome, source: SourceFile, why: str) -> None:
    outcome.facts = None
    outcome.diagnostics.append(Diagnostic(source.path, f"data-flow analysis not completed ({why}); the file's "
                                          "pattern findings are reported", kind="warning"))


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
    cache: ResultCache | None = None
    context: list[SourceFile] = []
    templates: list[SourceFile] = []  # template files of the walked trees (templates/link.py)
    if stdin_data is not None:
        _analyse_and_finish(None, options, result, stdin_data)
    else:
        _announce(options, "collecting")
        configs: list[SourceFile] = []
        sources, diags = collect(targets, options.excludes, templates, configs=configs)
        result.diagnostics.extend(diags)
        _search_config_files(configs, options, result)
        context = _context_of_named_files(targets, sources, options, result)
        options = _with_openapi_handlers(options, sources)
        cache = open_cache(targets, options, active_rules(options), result.diagnostics)
        _analyse_and_finish(sources + context, options, result, None, cache, templates, context)
    result.duration_s = time.perf_counter() - started
    return result


def _analyse_and_finish(sources: list[SourceFile] | None, options: ScanOptions, result: ScanResult,
                        stdin_data: bytes | None, cache: ResultCache | None = None,
                        templates: list[SourceFile] = (), context: list[SourceFile] = ()) -> None:
    """The per-file phase and everything after it, with the collector paused from the first file to the
    moment every module's facts are released: a collection while they are all alive (once the workers are
    done, or between files when there are none) walks millions of objects and frees nothing, since facts form
    no reference cycles (see python/gc_pause)."""
    with paused_gc():
        if stdin_data is not None:
            packed = [_Packed.of(analyse_bytes(stdin_data, SourceFile("<stdin>", "stdin.py"), options),
                                 pickled=False)]
            result.files_analysed = 1
        else:
            _announce(options, "analysing")
            packed = analyse_sources(sources, options, cache, result)
        finish(packed, options, result, cache, templates=templates)
        if stdin_data is None and context:
            _report_named_files_only(result, packed, {s.path for s in context})
        del packed


def _with_openapi_handlers(options: ScanOptions, sources: list[SourceFile]) -> ScanOptions:
    """The options with one more model table when OpenAPI specs beside the code name handler functions
    (connexion's operationId): those functions are entry points. As a model, the table is part of the cache's
    fingerprint, so editing the spec's handlers re-analyses the tree."""
    from .python.entrypoints import openapi_entrypoints, openapi_operations
    from .python.models import InlineModels

    folders = sorted({os.path.dirname(s.path) or "." for s in sources if s.content is None})
    operations = openapi_operations(folders) if folders else ()
    if not operations:
        return options
    return replace(options, extra_models=tuple(options.extra_models) + (
        InlineModels.of("<OpenAPI operationId>", openapi_entrypoints(operations)),))


def _search_config_files(configs: list[SourceFile], options: ScanOptions, result: ScanResult) -> None:
    """Secrets in the tree's configuration files (rules/config_secrets.py): text, searched line by line."""
    if not configs:
        return
    from .rules.config_secrets import RULE, scan_config_files

    findings, diags = scan_config_files(configs, any(rule.id == RULE.id for rule in active_rules(options)))
    result.findings.extend(findings)
    result.diagnostics.extend(diags)


def _context_of_named_files(targets: list[str], sources: list[SourceFile], options: ScanOptions,
                            result: ScanResult) -> list[SourceFile]:
    """The modules that files named one by one import, analysed so that calls into their project resolve
    (``inputs/context.py``); none when a folder is among the targets (a tree review has its context)."""
    if any(os.path.isdir(t) for t in targets):
        return []
    from .inputs.context import project_context

    named_targets = set(targets)
    named = [s for s in sources if s.path in named_targets]
    context, diags = project_context(named, options.excludes, options.max_file_bytes)
    result.diagnostics.extend(diags)
    return context


def _report_named_files_only(result: ScanResult, packed: list, context: set[str]) -> None:
    """Findings of a run with context modules: those whose sink or some flow step lies in a named file; the
    context modules do not count as reviewed files (they were read, not reviewed)."""
    def in_named(finding: Finding) -> bool:
        return finding.location.path not in context or any(
            step.location.path not in context for step in finding.trace)

    result.findings = [f for f in result.findings if in_named(f)]
    result.files_scanned = [p for p in result.files_scanned if p not in context]
    result.lines_scanned -= sum(item.outcome.lines for item in packed
                                if item.outcome.scanned and item.outcome.path in context)
    result.diagnostics = [d for d in result.diagnostics if d.path not in context]
    result.context_files = sorted(context)


def finish(outcomes: Iterable[FileOutcome | _Packed], options: ScanOptions, result: ScanResult,
           cache: ResultCache | None = None, root_relative: Callable[[str], str] | None = None,
           templates: list[SourceFile] = ()) -> ScanResult:
    """Everything after the per-file phase, shared by ``scan`` and the review of a change (which builds its
    outcomes from blobs, not files): gather outcomes (plain, or packed as workers and the cache hand them over),
    solve cross-module taint (reused from ``cache`` when no module's facts changed), filter, deduplicate, sort.
    ``root_relative`` maps a reported path to its root-relative form for fingerprints (default: found on disk
    from ``result.targets``; a change review already has repository-relative paths)."""
    rules = active_rules(options)
    taint_rules = [r for r in rules if r.is_taint]
    packed = [item if isinstance(item, _Packed) else _Packed.of(item, pickled=False) for item in outcomes]
    ledger = SuppressionLedger()
    with_facts: list[_Packed] = []
    for item in packed:
        outcome = item.outcome
        result.diagnostics.extend(outcome.diagnostics)
        if outcome.scanned:
            result.files_scanned.append(outcome.path)
            result.lines_scanned += outcome.lines
            result.flow_skipped_tests += outcome.flow_skipped
            ledger.add(outcome.suppressions)
            result.findings.extend(outcome.findings)
            if item.has_facts:
                with_facts.append(item)
    if taint_rules and with_facts:
        _announce(options, "cross-module")
        with paused_gc():
            (flows_findings, flow_diags), result.modules_solved, result.cells_evaluated = \
                _cross_module(with_facts, taint_rules, cache)
        result.diagnostics.extend(flow_diags)
    else:
        flows_findings = []
    _route_inventory(packed, rules, result)
    flows_findings = drop_joined(flows_findings, result.findings)
    result.findings.extend(place_in_templates(flows_findings, list(templates), result.diagnostics, {r.id for r in rules}))
    result.findings.extend(_project_findings(packed, rules, result.targets))
    result.findings = drop_container_binds(result.findings, result.targets)
    result.findings.extend(_template_forms(templates, rules, result))
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


def _route_inventory(packed: list, rules: list[Rule], result: ScanResult) -> None:
    """Join the files' route facts into the inventory (web/routes.py) and run the checks on it."""
    from .rules.access_idor import check as check_lookups
    from .rules.access_routes import check_inventory
    from .web.routes import build_inventory

    files = [item.outcome.routes for item in packed if item.outcome.scanned and item.outcome.routes is not None]
    result.routes = build_inventory(files)
    active = {r.id for r in rules}
    result.findings.extend(check_inventory(result.routes, active))
    result.findings.extend(check_lookups(result.routes, [x for f in files for x in f.lookups], active))


def _template_forms(templates, rules: list[Rule], result: ScanResult) -> list[Finding]:
    """CSRF at template forms, judged on the route inventory (rules/access_csrf_forms.py), and credentials in
    the templates' HTML comments (rules/sensitive_templates.py)."""
    from .rules.access_csrf_forms import check_forms
    from .rules.sensitive_templates import check_comments
    from .templates.link import TemplateIndex

    index = TemplateIndex(list(templates), result.diagnostics)
    active = {r.id for r in rules}
    return check_forms(list(templates), result.routes, result.findings, active, index.text) + \
        check_comments(list(templates), active, index.text)


def _project_findings(packed: list, rules: list[Rule], targets: list[str]) -> list[Finding]:
    """Findings about whole applications, settled from the facts each file gave (rules/project.py)."""
    from .rules.project import settle

    items = [(item.outcome.path, item.outcome.project) for item in packed
             if item.outcome.scanned and getattr(item.outcome, "project", None) is not None]
    return settle(items, rules, targets) if items else []


def _announce(options: ScanOptions, phase: str) -> None:
    if options.phase:
        options.phase(phase)


# --- the per-file phase: cache, workers --------------------------------------------------------------------

@dataclass
class _Packed:
    """A per-file outcome as it travels between processes and into the cache: the flow facts stay pickled
    (``facts_blob``) until the cross-module phase needs them, which a cached cross-module result spares."""

    outcome: FileOutcome  # without its facts
    facts_blob: bytes = b""
    facts: object | None = None  # when ``pickled`` was False: the facts themselves, never pickled
    identity: str = ""  # the per-file cache key (content, paths, configuration): same key, same facts

    @classmethod
    def of(cls, outcome: FileOutcome, pickled: bool = True, compressed: bool = True) -> "_Packed":
        """``compressed=False``: facts for the main process only, never stored (see ``facts_codec.ForOnePipe``)."""
        facts, outcome.facts = outcome.facts, None
        if facts is None:
            return cls(outcome)
        if not pickled:
            return cls(outcome, facts=facts)
        if not compressed:
            from .python.facts_codec import ForOnePipe

            facts = ForOnePipe(facts)
        return cls(outcome, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))

    @property
    def has_facts(self) -> bool:
        return self.facts is not None or bool(self.facts_blob)

    def unpack_facts(self) -> object:
        return self.facts if self.facts is not None else pickle.loads(self.facts_blob)

    def predecode(self) -> None:
        """Load the facts now (in the main process, while workers are busy), for a solve known to need them and
        no cache to store them: the pickled form is let go at once."""
        if self.facts is None and self.facts_blob:
            self.facts, self.facts_blob = pickle.loads(self.facts_blob), b""


def open_cache(targets: list[str], options: ScanOptions, rules: list[Rule],
               diagnostics: list[Diagnostic] | None = None) -> ResultCache | None:
    """The run's cache, or None; when a cache was asked for but cannot be used safely, ``diagnostics`` gets a
    warning that says why (the run goes on without it)."""
    if options.cache_dir is None:
        return None
    directory = options.cache_dir or default_directory(targets)
    if directory is None:
        return None
    cache = ResultCache.open(directory, fingerprint([r.id for r in rules], options.extra_models,
                                                     options.max_file_bytes, options.honour_nosec,
                                                     options.flow_in_tests))
    if cache is None and ResultCache.refusal and diagnostics is not None:
        diagnostics.append(Diagnostic(str(directory), ResultCache.refusal, kind="warning"))
    return cache


def analyse_sources(sources: list[SourceFile], options: ScanOptions, cache: ResultCache | None,
                    result: ScanResult) -> list[_Packed]:
    """The per-file phase, for ``scan`` and for a change review (whose sources carry their blobs): outcomes in
    the order of ``sources``, whatever the worker count; cached ones reused, the rest analysed here or in worker
    processes (largest files first, in chunks of similar size). Counts go to ``result.files_analysed`` and
    ``result.files_from_cache``."""
    total = len(sources)
    done = 0
    packed: list[_Packed | None] = [None] * total
    todo: list[tuple[int, SourceFile, bytes, str]] = []  # (index, source, bytes, cache key)
    fresh_stats: dict[int, os.stat_result] = {}
    with paused_gc():
        for index, source in enumerate(sources):
            hit, info = None, None
            if cache is not None and source.content is None:  # a blob has no stat to index
                with contextlib.suppress(OSError):
                    info = os.stat(source.path)
                key = cache.indexed_key(source.path, source.rel, info) if info else None
                hit = _reusable(cache.load_file(key), source) if key else None
            if hit is None:
                data = _read_source(source, options)
                if isinstance(data, FileOutcome):
                    packed[index] = _Packed(data)
                    done += 1
                    continue
                key = cache.file_key(source.path, source.rel, data) if cache else ""
                hit = _reusable(cache.load_file(key), source) if cache else None
                if hit is None:
                    todo.append((index, source, data, key))
                    if info is not None:
                        fresh_stats[index] = info
                    continue
            if info is not None:
                cache.remember_key(source.path, source.rel, info, key)
            hit.identity = key
            packed[index] = hit
            result.files_from_cache += 1
            done += 1
    _report_progress(options, done, total)
    result.files_analysed = len(todo)
    jobs = options.jobs or _usable_cores()
    if jobs <= 1 or len(todo) < MIN_FILES_FOR_WORKERS:
        def analyse_here() -> None:  # on one big-stack thread for all files (see _analyse_chunk)
            nonlocal done
            for item in todo:
                index, packed_item = _analyse_one(item, options, cache, pickled=cache is not None)
                packed[index] = packed_item
                done += 1
                _report_progress(options, done, total)

        from .python.deep_stack import call_with_deep_stack

        call_with_deep_stack(analyse_here)
    else:
        progress, phase = options.progress, options.phase
        options.progress = options.phase = None  # callbacks do not cross process boundaries
        # Without a cache the cross-module phase will load every module's facts: loading them here, while the
        # workers still run, takes that serial step off the end of the run.
        predecode = cache is None and any(rule.is_taint for rule in active_rules(options))
        try:
            # A worker that dies (killed, crashed in C) breaks the whole pool and fails every pending chunk.
            # Those are retried in a fresh pool one file per task, then each in a pool of its own, so only the
            # file that kills its worker is reported, and the review completes.
            pending, rounds = _chunks(todo, jobs), 0
            while pending:
                rounds += 1
                failed: list = []
                for batch in ([pending] if rounds <= 2 else [[chunk] for chunk in pending]):
                    with ProcessPoolExecutor(max_workers=min(jobs, len(batch)), mp_context=_start_method(),
                                             initializer=_start_worker,
                                             initargs=(options.worker_memory_mb, os.getpid())) \
                            as pool, paused_gc(), _workers_stopped_on_interrupt(pool):
                        futures = {pool.submit(_analyse_chunk, chunk, options, cache): chunk for chunk in batch}
                        for future in as_completed(futures):
                            try:
                                results = future.result()
                            except Exception as exc:  # noqa: BLE001 - BrokenProcessPool and kin
                                failed.extend((item, exc) for item in futures[future])
                                continue
                            for index, packed_item in results:
                                packed[index] = packed_item
                                done += 1
                                if predecode:
                                    packed_item.predecode()
                            if progress:
                                progress(done, total)
                if rounds >= 3:
                    for (index, source, _, _), exc in failed:
                        packed[index] = _Packed(FileOutcome(source.path, transient=True, diagnostics=[Diagnostic(
                            source.path, f"the worker process analysing this file died ({type(exc).__name__})")]))
                    break
                pending = [[item] for item, _ in failed]
        finally:
            options.progress, options.phase = progress, phase
    if cache is not None:
        for index, source, _, key in todo:
            item = packed[index]
            if index in fresh_stats and item is not None and not item.outcome.transient:
                cache.remember_key(source.path, source.rel, fresh_stats[index], key)
        cache.save_index()
    return [item for item in packed if item is not None]


def _reusable(entry: object, source: SourceFile) -> _Packed | None:
    return entry if isinstance(entry, _Packed) and entry.outcome.path == source.path else None


def _report_progress(options: ScanOptions, done: int, total: int) -> None:
    if options.progress:
        options.progress(done, total)


def _start_worker(memory_mb: int, parent: int) -> None:
    """A forked worker inherits the main process's objects: frozen, the collector never walks them again. It
    leaves interrupts to the main process, and dies with it (see ``_die_with_parent``)."""
    gc.freeze()
    limit_memory(memory_mb)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's handler, inherited by fork: terminate() ends it
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive the run: killed with the main process (SIGKILL, a crash, an OOM kill), it would
    otherwise go on analysing, unseen, forever. On Linux the kernel sends SIGKILL when the parent dies
    (PR_SET_PDEATHSIG); everywhere, a watchdog thread exits as soon as the parent is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="pillarscan-parent-watch", daemon=True).start()


@contextlib.contextmanager
def _workers_stopped_on_interrupt(pool: ProcessPoolExecutor):
    """On an interrupt (SIGINT, or SIGTERM turned into one by the CLI) the workers are terminated at once
    rather than left to finish their chunks while the pool waits for them."""
    try:
        yield
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise


def _analyse_one(item: tuple[int, SourceFile, bytes, str], options: ScanOptions, cache: ResultCache | None,
                 pickled: bool = True) -> tuple[int, _Packed]:
    index, source, data, key = item
    outcome = analyse_bytes(data, source, options)
    transient = outcome.transient
    packed = _Packed.of(outcome, pickled=pickled, compressed=cache is not None)
    if cache is not None and not transient:
        cache.store_file(key, packed)
        packed.identity = key
    return index, packed


def _analyse_chunk(chunk: list[tuple[int, SourceFile, bytes, str]], options: ScanOptions,
                   cache: ResultCache | None) -> list[tuple[int, _Packed]]:
    """In a worker: analyse a chunk and send back outcomes with their facts already pickled (bytes cross the
    process boundary as one copy; the main process unpickles facts only if the cross-module phase needs them).
    The whole chunk runs on one big-stack thread: ``analyse_bytes`` then runs each file in it directly, rather
    than starting (and faulting in the stack of) a fresh thread per file."""
    from .python.deep_stack import call_with_deep_stack

    return call_with_deep_stack(lambda: [_analyse_one(item, options, cache) for item in chunk])


def _chunks(todo: list[tuple[int, SourceFile, bytes, str]], jobs: int) -> list[list]:
    """Largest files first, in chunks of about equal bytes, small enough (~8 per worker) that workers finish
    together: the time a file takes grows with its size, and one worker left with the giants would set the pace."""
    ordered = sorted(todo, key=lambda item: (-len(item[2]), item[0]))
    target = max(1, sum(len(item[2]) for item in ordered) // (jobs * 8))
    chunks: list[list] = []
    current: list = []
    size = 0
    for item in ordered:
        current.append(item)
        size += len(item[2])
        if size >= target or len(current) >= 64:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's share), not the machine's total."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _start_method():
    """Fork where it is safe and cheap (Linux): workers start in milliseconds with every module already imported."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


# --- the cross-module phase --------------------------------------------------------------------------------

def _solve_each_module(inputs: list, taint_rules: list[Rule], error: Exception):
    """The fallback when the cross-module solve fails: each module solved on its own (flows inside one module
    are still found), a module that fails even alone named in a diagnostic, and the cause said once."""
    from .python.summaries import solve_incremental

    findings: list[Finding] = []
    diagnostics = [Diagnostic("<tree>", f"internal error in the cross-module phase ({type(error).__name__}: "
                              f"{error}); data flows were followed within each module only", kind="warning")]
    for module in inputs:
        try:
            (found, diags), _, _ = solve_incremental([module], taint_rules)
        except Exception as exc:  # noqa: BLE001
            diagnostics.append(Diagnostic(module.path, f"data flows not analysed: internal error "
                                          f"({type(exc).__name__}: {exc})", kind="warning"))
            continue
        findings.extend(found)
        diagnostics.extend(diags)
    return findings, diagnostics


def _cross_module(items: list[_Packed], taint_rules: list[Rule], cache: ResultCache | None):
    """(taint findings across modules, how many modules were solved, how many cells evaluated): the whole
    result from the cache when no module changed; otherwise solved, starting from the cells of the latest
    solve that the changes cannot reach (``summaries.SolveState``: exactly what a cold solve gives, for a
    fraction of the work, and unpickling only the facts that work reads)."""
    from .python.summaries import ModuleInput, SolveState, solve_incremental

    rule_ids = [r.id for r in taint_rules]
    inputs = [ModuleInput(item.outcome.path, item.identity, item.unpack_facts) for item in items]
    key, previous = "", None
    if cache is not None and all(item.identity for item in items):
        key = cache.solve_key(rule_ids, [(i.outcome.path, i.identity) for i in items])
        hit = cache.load_solve(key)
        if isinstance(hit, tuple) and len(hit) == 2:
            return hit, 0, 0
        latest = cache.load_latest(rule_ids)
        previous = latest if isinstance(latest, SolveState) else None
    try:
        solved, state, evaluated = solve_incremental(inputs, taint_rules, previous)
    except Exception as exc:  # noqa: BLE001 - a defect of ours must cost the flows it touches, not the report
        return _solve_each_module(inputs, taint_rules, exc), len(items), 0
    if key:
        cache.store_solve(key, solved)
        if state.complete:
            cache.store_latest(rule_ids, state)
    return solved, len(items), evaluated
