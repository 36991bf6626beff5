"""The command line: ``pillarscan scan``, ``pillarscan review``, ``pillarscan rules``, ``pillarscan cwe``.

Thin on purpose: parse arguments, merge them over the configuration file, call the engine, hand the result to a
reporter. Exit codes are a contract for CI: 0 nothing at or above the thresholds, 1 findings reported, 2 the
review could not run as asked (bad arguments or configuration, a missing path, an internal error).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import traceback
from dataclasses import replace
from typing import Iterator, Sequence

from . import __version__, cwe
from .baseline import BaselineError, load_baseline, review_scope, write_baseline
from .change_review import ChangeError, ChangeRequest, base_config, model_paths, read_patch, review_change
from .config import ConfigError, load_config, merge
from .engine import DEFAULT_FILE_BUDGET_S, ScanOptions, active_rules, scan
from .findings import Confidence, Severity
from .inputs.files import within
from .reports import FORMATS, Review, render
from .reports.statistics import statistics
from .rules.registry import all_rules

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

SEVERITIES = [str(s) for s in Severity]
CONFIDENCES = [str(c) for c in Confidence]


class UsageError(Exception):
    """The command cannot run as written; the message says why."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage and the error (or --help / --version)
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    restore = _interrupt_on_sigterm()
    try:
        return args.handler(args)
    except (UsageError, ConfigError, BaselineError, ChangeError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the contract is "a short error and exit 2", never a traceback
        if os.environ.get("PILLARSCAN_DEBUG"):
            traceback.print_exc()
        _error(f"internal error: {type(exc).__name__}: {exc} (set PILLARSCAN_DEBUG=1 for the traceback)")
        return EXIT_ERROR
    finally:
        restore()


def _interrupt_on_sigterm():
    """SIGTERM (CI cancelling a job, ``timeout``) ends the run the way Ctrl-C does: workers stopped, exit 2."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return lambda: None  # the embedding program has its own handler: leave it alone
        signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pillarscan",
        description="Security review of Python code, pillar by pillar over the ten CWE-1000 pillars.",
        epilog="Exit codes: 0 no finding at or above the thresholds, 1 findings, 2 usage or fatal error.",
    )
    parser.add_argument("--version", action="version", version=f"pillarscan {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    scan_cmd = commands.add_parser("scan", help="review files and trees", description="Review files and trees "
                                   "for security defects and report pillar by pillar.")
    scan_cmd.add_argument("paths", nargs="+", metavar="PATH", help="file or folder to review; '-' reads one file "
                          "from standard input")
    _add_report_options(scan_cmd)
    scan_cmd.add_argument("--baseline", metavar="FILE", help="hide findings recorded in this baseline file")
    scan_cmd.add_argument("--write-baseline", metavar="FILE", help="record the current findings as a baseline")
    _add_run_options(scan_cmd)
    _add_llm_options(scan_cmd)
    scan_cmd.set_defaults(handler=run_scan)

    review_cmd = commands.add_parser(
        "review", help="review a change: what a diff, commit range or patch introduces",
        description="Review what a change introduces, at the lines it touches. Without an argument: the working "
        "tree (staged, unstaged and untracked files) against HEAD. The touched files and the repository modules "
        "they import are analysed whole, so cross-file flows are found; only findings whose sink or trace step "
        "lies on a changed line are reported as new.",
        epilog="Exit codes: 0 nothing new at or above the thresholds, 1 new findings, 2 usage or fatal error.")
    review_cmd.add_argument("revisions", nargs="?", metavar="RANGE",
                            help="BASE..HEAD (the difference between two commits), BASE...HEAD (HEAD against its "
                            "merge base with BASE, as a pull request shows it), or REV (REV..HEAD)")
    source = review_cmd.add_mutually_exclusive_group()
    source.add_argument("--staged", "--cached", action="store_true", help="review the index against HEAD "
                        "(what the next commit will contain)")
    source.add_argument("--patch", metavar="FILE", help="review a unified diff (git format-patch, Gerrit) "
                        "against the files of the working tree; '-' reads it from standard input")
    review_cmd.add_argument("--all", action="store_true", dest="show_all",
                            help="also show the pre-existing findings of the touched files")
    _add_report_options(review_cmd)
    _add_run_options(review_cmd)
    _add_llm_options(review_cmd)
    review_cmd.set_defaults(handler=run_review)

    rules_cmd = commands.add_parser("rules", help="list every rule", description="List every rule with its id, "
                                    "CWE, pillar, severity, confidence and title.")
    rules_cmd.add_argument("--format", choices=("text", "json"), default="text")
    rules_cmd.set_defaults(handler=run_rules)

    rule_cmd = commands.add_parser("rule", help="explain one rule", description="Print one rule's explanation, "
                                   "CWE and pillar, code it flags and a look-alike it leaves alone, its groups and "
                                   "how to suppress or turn it off.")
    rule_cmd.add_argument("rule_id", metavar="RULE", help="a rule id, as `pillarscan rules` lists them")
    rule_cmd.set_defaults(handler=run_rule)

    routes_cmd = commands.add_parser("routes", help="list every route with its guards (the attack-surface map)",
                                     description="List the application's routes: methods, path, handler, "
                                     "framework, the guards that apply (and where), auth, CSRF and rate-limit "
                                     "status, request inputs and ORM models (docs/routes.md).")
    routes_cmd.add_argument("paths", nargs="+", metavar="PATH", help="file or folder of the application")
    routes_cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    routes_cmd.add_argument("--output", "-o", metavar="FILE", help="write the inventory to FILE instead of stdout")
    routes_cmd.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="leave out matching paths")
    routes_cmd.add_argument("--jobs", "-j", type=_non_negative_int, default=0, metavar="N",
                            help="worker processes (default 0: one per CPU core)")
    routes_cmd.set_defaults(handler=run_routes)

    cwe_cmd = commands.add_parser("cwe", help="explain a CWE and its pillar", description="Print a CWE's "
                                  "official name, its pillar and its ChildOf chain up to the pillar.")
    cwe_cmd.add_argument("cwe_id", metavar="CWE", help="a CWE id: 89, CWE-89")
    cwe_cmd.set_defaults(handler=run_cwe)
    return parser


def _add_report_options(command: argparse.ArgumentParser) -> None:
    """Options that shape what a review reports and how (shared by commands that produce a report)."""
    command.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    command.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    command.add_argument("--min-severity", type=str.lower, choices=SEVERITIES, metavar="LEVEL",
                         help=f"report only findings at least this severe ({', '.join(SEVERITIES)})")
    command.add_argument("--min-confidence", type=str.lower, choices=CONFIDENCES, metavar="LEVEL",
                         help=f"report only findings at least this confident ({', '.join(CONFIDENCES)})")
    command.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                         help="leave out matching paths (repeatable; added to the configuration's exclude)")
    command.add_argument("--select", action="append", type=_selector_list, metavar="SELECTOR[,...]",
                         help="run only these rules, replacing the default set and the configuration's select: "
                         "rule ids, CWE-NNN (that CWE and the weaknesses under it), pillars (CWE-707, "
                         "neutralization, 'Improper Neutralization'), groups (hygiene, taint, pattern) or ALL")
    command.add_argument("--extend-select", action="append", type=_selector_list, metavar="SELECTOR[,...]",
                         help="also run these rules (e.g. --extend-select hygiene)")
    command.add_argument("--ignore", action="append", type=_selector_list, metavar="SELECTOR[,...]",
                         help="do not run these rules; the more specific selector wins over --select")
    command.add_argument("--fail-on", metavar="LEVEL", help="the exit status is 1 only for a reported finding at "
                         "least this severe, SEVERITY[:CONFIDENCE] (e.g. high, medium:high; default low: any "
                         "reported finding)")
    command.add_argument("--exit-zero", action="store_true",
                         help="exit 0 even when findings are reported (2 still means the review could not run)")
    command.add_argument("--statistics", action="store_true", help="print the number of findings per rule, CWE "
                         "and pillar instead of the report (JSON with --format json)")
    command.add_argument("--verbose", "-v", action="store_true",
                         help="name the checks run on each pillar and list every skipped file")
    command.add_argument("--config", metavar="FILE", help="read settings from FILE (trusted: your own file) "
                         "instead of the nearest pyproject.toml with a [tool.pillarscan] table; /dev/null: "
                         "the defaults")
    command.add_argument("--isolated", action="store_true", help="ignore every configuration file: built-in "
                         "defaults and the command line only (for CI on code you do not trust)")
    command.add_argument("--report-unused-ignores", action="store_true", default=None,
                         help="report suppression comments that matched no finding (rule unused-suppression)")
    command.add_argument("--honour-nosec", action="store_true", default=None,
                         help="let Bandit's '# nosec' comments suppress findings too (as blanket suppressions)")
    command.add_argument("--flow-in-tests", action="store_true", default=None,
                         help="follow data flow in test code too (tests/, test_*.py, conftest.py; its pattern "
                         "checks run either way)")


def _add_run_options(command: argparse.ArgumentParser) -> None:
    """Options that shape how the analysis runs (workers, cache, budgets, what goes to stderr), not what it finds."""
    command.add_argument("--jobs", "-j", type=_non_negative_int, default=0, metavar="N",
                         help="worker processes (default 0: one per CPU core)")
    command.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    command.add_argument("--quiet", "-q", action="store_true",
                         help="nothing on stderr but errors: no progress bar, no information lines")
    command.add_argument("--cache-dir", metavar="DIR", help="keep the incremental cache in DIR (default: a folder "
                         "per tree in the user's cache directory or $PILLARSCAN_CACHE_HOME, never inside the tree)")
    command.add_argument("--no-cache", action="store_true", help="analyse every file afresh; read and write no cache")
    command.add_argument("--file-budget", type=_non_negative_float, default=DEFAULT_FILE_BUDGET_S, metavar="SECONDS",
                         help=f"per-file analysis time limit; a file over it is reported as not analysed "
                         f"(default {DEFAULT_FILE_BUDGET_S:g}; 0: none)")


def _add_llm_options(command: argparse.ArgumentParser) -> None:
    """The optional LLM layer (docs/llm.md); off unless --llm or the --config file's [tool.pillarscan.llm]."""
    group = command.add_argument_group("LLM layer (optional: pip install 'pillarscan[llm]'; see docs/llm.md)")
    group.add_argument("--llm", action="store_true", default=None, help="triage findings and review entry points "
                       "with a model behind an OpenAI-compatible endpoint; key from $PILLARSCAN_LLM_API_KEY")
    group.add_argument("--llm-url", metavar="URL", help="the endpoint's base URL, ending in /v1 "
                       "(default: http://127.0.0.1:8080/v1)")
    group.add_argument("--llm-model", metavar="NAME", help="the model name the endpoint serves")
    group.add_argument("--llm-budget", type=_non_negative_int, metavar="N",
                       help="at most N requests to the endpoint in this run, retries included (default: 200)")
    group.add_argument("--llm-triage", choices=("annotate", "hide", "off"), help="annotate (default): attach "
                       "verdicts; hide: also move findings the model calls false positives aside (not those with a "
                       "full high-confidence trace); off: no triage")


def _run_llm(review: Review, settings, args: argparse.Namespace, reviewed=None) -> None:
    """Run the layer on the shown findings when asked for; imported only then. ``reviewed`` (a change review's
    ``ReviewedChange``) limits it to what the change introduces (llm.layer.ChangeFocus)."""
    file_llm = settings.llm
    if not (args.llm or (file_llm is not None and file_llm.enabled)):
        return
    from . import llm as llm_package
    from .llm.client import LlmUnavailable
    from .llm.layer import ChangeFocus, LlmSettings, run_layer

    chosen = LlmSettings()
    for name, cli_value, file_key in (("url", args.llm_url, "url"), ("model", args.llm_model, "model"),
                                      ("budget", args.llm_budget, "budget"), ("triage", args.llm_triage, "triage"),
                                      ("review", None, "review"), ("concurrency", None, "concurrency"),
                                      ("timeout_s", None, "timeout")):
        value = cli_value if cli_value is not None else getattr(file_llm, file_key, None) if file_llm else None
        if value is not None:
            setattr(chosen, name, value)
    if args.no_cache:
        chosen.cache_dir = ""
    result = review.result
    focus = None
    if reviewed is not None and review.change is not None:
        inventory = getattr(reviewed.routes, "routes", None) or []
        focus = ChangeFocus(review.change.changed_lines, frozenset(review.change.preexisting),
                            tuple((r.path, r.line) for r in inventory if not r.test_code), reviewed.read)
    try:
        result.findings, review.llm = run_layer(result.findings, list(result.files_scanned), chosen, focus=focus)
    except LlmUnavailable as exc:
        raise ConfigError(str(exc)) from None
    shown: list = []
    for finding in result.findings:  # the model's candidates pass the same thresholds as any finding
        above = finding.confidence >= settings.min_confidence and finding.severity >= settings.min_severity
        (shown if finding.rule_id != llm_package.LLM_RULE.id or above else review.hidden).append(finding)
    result.findings = shown
    review.rules = review.rules + [llm_package.LLM_RULE]


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return value


def _selector_list(text: str) -> list[str]:
    """``--select CWE-89,taint`` and repeated options both work, as with ruff."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _flat(values: list[list[str]] | None) -> list[str] | None:
    return None if values is None else [item for group in values for item in group]


def _selection(args: argparse.Namespace) -> dict:
    """The selection and exit options of the command line, as ``config.merge`` takes them."""
    return {"select": _flat(args.select), "extend_select": _flat(args.extend_select) or (),
            "ignore": _flat(args.ignore) or (), "fail_on": args.fail_on}


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return value


# --- scan ------------------------------------------------------------------------------------------------------

def run_scan(args: argparse.Namespace) -> int:
    targets = _targets(args.paths)
    reading_stdin = targets == ["-"]
    rules = all_rules()
    config = load_config(args.config, targets, isolated=args.isolated)
    settings = merge(config, rules, excludes=args.exclude, min_severity=args.min_severity,
                     min_confidence=args.min_confidence, baseline=args.baseline, honour_nosec=args.honour_nosec,
                     flow_in_tests=args.flow_in_tests,
                     report_unused_ignores=args.report_unused_ignores, **_selection(args))
    _warn(settings.warnings, args)
    # A baseline named only in the configuration is not applied while a new one is being written.
    baseline_path = settings.baseline if (args.baseline or not args.write_baseline) else None
    baseline = load_baseline(baseline_path) if baseline_path else None
    options = _scan_options(settings, args)
    # The engine keeps everything; what falls below the shown thresholds is counted, so a pillar can say
    # "clean at >= high; 3 medium hidden" instead of calling itself clean.
    options.min_severity, options.min_confidence = Severity.LOW, Confidence.LOW
    stdin_data = sys.stdin.buffer.read() if reading_stdin else None
    with _progress(_shows_progress(args, reading_stdin)) as bar:
        options.progress, options.phase = (bar, bar.phase) if bar else (None, None)
        result = scan(targets, options, stdin_data=stdin_data)
        if bar:
            bar.phase("reporting")
    options.progress = options.phase = None

    rules_run = active_rules(options)
    shown: list = []
    hidden: list = []
    for finding in result.findings:
        above = finding.severity >= settings.min_severity and finding.confidence >= settings.min_confidence
        (shown if above else hidden).append(finding)
    result.findings = shown
    if args.write_baseline:
        written = write_baseline(args.write_baseline, result.findings)
        if not args.quiet:
            print(f"pillarscan: wrote {written} finding fingerprint{'s' if written != 1 else ''} to baseline "
                  f"{args.write_baseline} ({len(result.findings)} finding{'s' if len(result.findings) != 1 else ''})",
                  file=sys.stderr)
    baselined = baseline_fixed = 0
    if baseline is not None:
        scope = review_scope(targets, result.files_scanned, {rule.id for rule in rules_run},
                             settings.min_severity, settings.min_confidence)
        match = baseline.split(result.findings, scope)
        result.findings, baselined, baseline_fixed = match.kept, match.hidden, match.fixed
        hidden = baseline.split(hidden).kept
    review = Review(result=result, rules=rules_run, baselined=baselined, baseline_fixed=baseline_fixed,
                    baseline_path=baseline.path if baseline else None, verbose=args.verbose,
                    min_severity=settings.min_severity, min_confidence=settings.min_confidence, hidden=hidden)
    _run_llm(review, settings, args)
    _report(review, args)
    if not reading_stdin:
        unusable = _unusable_targets(targets, result.files_scanned)
        _warn([f"{target}: {why}" for target, why in unusable], args)
        if len(unusable) == len(targets):  # nothing at all was reviewed: a mistyped path in CI must go red
            _error("nothing was reviewed: no Python file under the named paths could be analysed")
            return EXIT_ERROR
    return _exit_status(review.new_findings, settings, args)


def run_routes(args: argparse.Namespace) -> int:
    """``pillarscan routes``: the inventory alone (web/routes.py, reports/routes.py); only the route rules run."""
    from .reports.routes import RENDERERS
    from .rules.access_routes import ROUTE_RULE_IDS

    targets = _targets(args.paths)
    if targets == ["-"]:
        raise UsageError("routes reads files and folders, not standard input")
    options = ScanOptions(excludes=tuple(args.exclude), enabled_rules=frozenset(ROUTE_RULE_IDS), jobs=args.jobs,
                          min_severity=Severity.LOW, min_confidence=Confidence.LOW)
    result = scan(targets, options)
    if not result.files_scanned:
        _error("nothing was read: no Python file under the named paths could be analysed")
        return EXIT_ERROR
    from .reports.safe_text import encodable, neutralised, visible

    # Paths and names come from the reviewed tree: they cannot write to the terminal (see safe_text)
    inventory = neutralised(result.routes, encodable if args.format == "json" else visible)
    text = RENDERERS[args.format](inventory, targets[0] if len(targets) == 1 else None)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _report(review: Review, args: argparse.Namespace) -> None:
    """The report (or, with --statistics, the counts instead of it) to stdout or --output."""
    if args.statistics:
        report = statistics(review.new_findings, as_json=args.format == "json")
    else:
        color = args.output is None and args.format == "text" and _wants_color(sys.stdout)
        report = render(args.format, review, color=color, width=_width(color))
    _deliver(report, args.output)


def _exit_status(findings, settings, args: argparse.Namespace) -> int:
    """1 when a reported finding reaches --fail-on (default: any reported finding), unless --exit-zero. A finding
    hidden by --min-severity never fails the run: what cannot be seen cannot be fixed."""
    if args.exit_zero:
        return EXIT_CLEAN
    severity, confidence = settings.fail_on
    failing = any(f.severity >= severity and f.confidence >= confidence for f in findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _unusable_targets(targets: list[str], scanned: list[str]) -> list[tuple[str, str]]:
    """The named paths under which no file was reviewed, each with the plainest reason we can give."""
    reviewed = [os.path.abspath(path) for path in scanned]
    out = []
    for target in targets:
        root = os.path.abspath(target)
        if any(within(path, root) for path in reviewed):
            continue
        if os.path.isdir(target):
            try:
                empty = not any(os.scandir(target))
            except OSError:
                empty = False
            why = "the folder is empty" if empty else "no Python file in this folder could be reviewed"
        else:
            why = "this file could not be reviewed (see Skipped in the report)"
        out.append((target, why))
    return out


# --- review ----------------------------------------------------------------------------------------------------

def run_review(args: argparse.Namespace) -> int:
    if args.revisions and (args.staged or args.patch):
        raise UsageError("give either a revision range, --staged or --patch, not several")
    if args.patch and args.patch != "-" and not os.path.isfile(args.patch):
        raise UsageError(f"no such patch file: {args.patch}")
    patch_text = read_patch(args.patch) if args.patch else None
    rules = all_rules()
    request = ChangeRequest(revisions=args.revisions, staged=args.staged, patch=args.patch,
                            show_all=args.show_all)
    # The change under review must not choose the settings of its own review: without --config or --isolated,
    # the configuration is read as the base side of the change has it.
    if args.config or args.isolated:
        config = load_config(args.config, ["."], isolated=args.isolated)
    else:
        config = base_config(request)
    settings = merge(config, rules, excludes=args.exclude, min_severity=args.min_severity,
                     min_confidence=args.min_confidence, honour_nosec=args.honour_nosec,
                     flow_in_tests=args.flow_in_tests,
                     report_unused_ignores=args.report_unused_ignores, **_selection(args))
    _warn(settings.warnings, args)
    options = _scan_options(settings, args)
    request = replace(request, model_files=model_paths(config))
    with _progress(_shows_progress(args)) as bar:
        options.progress, options.phase = (bar, bar.phase) if bar else (None, None)
        reviewed = review_change(request, options, patch_text)
    options.progress = options.phase = None
    review = Review(result=reviewed.result, rules=active_rules(options), verbose=args.verbose,
                    min_severity=settings.min_severity, min_confidence=settings.min_confidence,
                    source_root=reviewed.root, change=reviewed.scope)
    _run_llm(review, settings, args, reviewed)
    _report(review, args)
    return _exit_status(review.new_findings, settings, args)


def _scan_options(settings, args: argparse.Namespace) -> ScanOptions:
    """The engine's options from the merged settings and the run options (shared by scan and review)."""
    return ScanOptions(
        min_severity=settings.min_severity,
        min_confidence=settings.min_confidence,
        excludes=settings.excludes,
        enabled_rules=settings.enabled_rules,
        disabled_rules=settings.disabled_rules,
        max_file_bytes=settings.max_file_bytes,
        jobs=args.jobs,
        extra_models=settings.extra_models,
        honour_nosec=settings.honour_nosec,
        flow_in_tests=settings.flow_in_tests,
        report_unused_ignores=settings.report_unused_ignores,
        cache_dir=None if args.no_cache else (args.cache_dir or settings.cache_dir or ""),
        file_budget_s=args.file_budget,
    )


def _shows_progress(args: argparse.Namespace, reading_stdin: bool = False) -> bool:
    return not (args.no_progress or args.quiet or reading_stdin) and _isatty(sys.stderr)


def _targets(paths: list[str]) -> list[str]:
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        return ["-"]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    return [os.path.normpath(p) for p in paths]


class _ProgressBar:
    """The engine's callbacks, drawn as one transient line: current phase, files done / total, time elapsed."""

    def __init__(self, bar, task) -> None:
        self._bar, self._task = bar, task

    def phase(self, name: str) -> None:
        self._bar.update(self._task, description=name)

    def files(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total)

    __call__ = files  # usable wherever a plain (done, total) callback is expected


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[_ProgressBar | None]:
    """A transient rich progress bar on stderr; nothing at all when disabled (piped, --quiet, --no-progress)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        yield _ProgressBar(bar, bar.add_task("collecting", total=None))


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def _wants_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


PIPED_WIDTH = 100  # the text report's width when not on a terminal: saved reports and CI logs do not vary


def _width(color: bool) -> int:
    """The terminal's width (40 to 200 columns) on a terminal; a fixed PIPED_WIDTH otherwise."""
    if not color:
        return PIPED_WIDTH
    return max(40, min(shutil.get_terminal_size((PIPED_WIDTH, 24)).columns, 200))


def _deliver(report: str, output: str | None) -> None:
    if output is not None:
        try:
            _write_atomically(output, report.encode("utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    _emit(report)


def _write_atomically(output: str, data: bytes) -> None:
    """Write the report beside its destination, then rename it into place: a full disk or a crash leaves the
    earlier report (or nothing), never a truncated one that a CI step would read as complete. An existing
    destination that is not a regular file (a FIFO, /dev/stdout) is written directly."""
    try:
        regular = stat.S_ISREG(os.stat(output).st_mode)
    except OSError:
        regular = True  # nothing there yet (or nothing we may look at): the temporary file and rename decide
    if not regular:  # a failure here is the run's error, never a reason to replace the FIFO or device itself
        with open(output, "wb") as fh:
            fh.write(data)
        return
    folder = os.path.dirname(os.path.abspath(output))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(output)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):  # keep the mode a plain open() would have given
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _emit(text: str, stream=None) -> None:
    """Write to stdout, surviving a closed pipe (``| head``) and a terminal that cannot encode every character."""
    stream = stream or sys.stdout
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, errors="replace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())


def _warn(messages, args: argparse.Namespace) -> None:
    from .reports.safe_text import visible

    if not args.quiet:
        for message in messages:
            print(f"pillarscan: warning: {visible(message)}", file=sys.stderr)


def _error(message: str) -> None:
    from .reports.safe_text import visible  # messages may echo paths and names from the reviewed tree

    print(f"pillarscan: error: {visible(message)}", file=sys.stderr)


# --- rules -----------------------------------------------------------------------------------------------------

def run_rules(args: argparse.Namespace) -> int:
    rules = sorted(all_rules(), key=lambda r: (cwe.pillar_of(r.cwe), r.cwe, r.id))
    if args.format == "json":
        document = {
            "schema_version": "1.0",
            "rules": [
                {
                    "id": rule.id,
                    "cwe": rule.cwe,
                    "cwe_name": cwe.name(rule.cwe),
                    "pillar": cwe.pillar_of(rule.cwe),
                    "pillar_name": cwe.PILLARS[cwe.pillar_of(rule.cwe)],
                    "severity": str(rule.severity),
                    "confidence": str(rule.confidence),
                    "kind": rule.kind,
                    "groups": sorted(rule.groups),
                    "default": rule.default_on,
                    "title": rule.title,
                    "message": rule.message,
                    "fix": rule.fix,
                }
                for rule in rules
            ],
        }
        _emit(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_CLEAN
    rows = [("RULE", "CWE", "PILLAR", "SEVERITY", "CONFIDENCE", "TITLE")]
    rows += [(r.id, f"CWE-{r.cwe}", f"CWE-{cwe.pillar_of(r.cwe)}", str(r.severity), str(r.confidence), r.title)
             for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths)) + "  " + row[5] for row in rows]
    per_pillar = {p: sum(1 for r in rules if cwe.pillar_of(r.cwe) == p) for p in sorted(cwe.PILLARS)}
    lines.append("")
    lines.append(f"{len(rules)} rules; by pillar: " + ", ".join(f"CWE-{p} {n}" for p, n in per_pillar.items()))
    hygiene = sorted(r.id for r in rules if not r.default_on)
    if hygiene:
        lines.append(f"Off in the default review (group hygiene; --extend-select hygiene): {', '.join(hygiene)}")
    _emit("\n".join(lines) + "\n")
    return EXIT_CLEAN


# --- rule ------------------------------------------------------------------------------------------------------

def run_rule(args: argparse.Namespace) -> int:
    import textwrap

    from .rules.registry import HYGIENE, examples_of

    by_id = {rule.id: rule for rule in all_rules()}
    rule = by_id.get(args.rule_id.strip())
    if rule is None:
        raise UsageError(f"unknown rule {args.rule_id!r} (`pillarscan rules` lists them)")
    pillar = cwe.pillar_of(rule.cwe)

    def para(label: str, text: str) -> list[str]:
        return textwrap.wrap(text, width=100, initial_indent=f"{label:<10}", subsequent_indent=" " * 10,
                             break_on_hyphens=False, break_long_words=False)

    lines = [f"{rule.id}: {rule.title}", "",
             f"CWE:      CWE-{rule.cwe} {cwe.name(rule.cwe)}",
             f"pillar:   CWE-{pillar} {cwe.PILLARS[pillar]}",
             f"level:    severity {rule.severity}, confidence {rule.confidence}",
             f"groups:   {', '.join(sorted(rule.groups))}"]
    if HYGIENE in rule.tags:
        lines.append(f"default:  off in the default security review (a hygiene check); run it with --extend-select "
                     f"{rule.id} or --extend-select hygiene")
    else:
        lines.append("default:  on")
    lines += [""] + para("why:", rule.message) + para("fix:", rule.fix)
    examples = examples_of(rule.id)
    if examples is not None:
        for label, code, files in (("flagged:", examples.flagged, examples.flagged_files),
                                   ("not flagged:", examples.safe, examples.safe_files)):
            lines += ["", label] + ["    " + line if line else "" for line in code.rstrip("\n").splitlines()]
            for name, text in files:
                lines += [f"    # {name}:"] + ["    " + line if line else "" for line in text.rstrip("\n").splitlines()]
    lines += ["", "suppress: on the flagged line (or the line above it), with a reason:",
              f"    # pillarscan: ignore[{rule.id}] -- why this is safe here",
              f"turn off: --ignore {rule.id}, or ignore = [\"{rule.id}\"] in [tool.pillarscan]",
              "", f"https://cwe.mitre.org/data/definitions/{rule.cwe}.html"]
    _emit("\n".join(lines) + "\n")
    return EXIT_CLEAN


# --- cwe -------------------------------------------------------------------------------------------------------

def run_cwe(args: argparse.Namespace) -> int:
    try:
        cwe_id = cwe.parse_id(args.cwe_id)
    except ValueError:
        raise UsageError(f"not a CWE id: {args.cwe_id!r} (try 89 or CWE-89)") from None
    if not cwe.known(cwe_id):
        raise UsageError(f"CWE-{cwe_id} is not a weakness in view 1000 of CWE {cwe.CATALOGUE_VERSION}")
    chain = cwe.chain(cwe_id)
    pillar = cwe.pillar_of(cwe_id)
    width = max(len(f"CWE-{step}") for step in chain)
    lines = [
        f"CWE-{cwe_id} {cwe.name(cwe_id)}",
        f"  pillar: CWE-{pillar} {cwe.PILLARS[pillar]}",
        "  chain:  " + " → ".join(f"CWE-{step}" for step in chain),
    ]
    lines += [f"          {f'CWE-{step}'.ljust(width)}  {cwe.name(step)}" for step in chain]
    rule_ids = sorted(rule.id for rule in all_rules() if rule.cwe == cwe_id)
    lines.append("  rules:  " + (", ".join(rule_ids) if rule_ids else "none report this CWE directly"))
    lines.append(f"  https://cwe.mitre.org/data/definitions/{cwe_id}.html")
    _emit("\n".join(lines) + "\n")
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
