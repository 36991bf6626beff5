"""The HTML report: one self-contained page for people who would rather look than read.

Why one file with everything inline: the report is opened from a CI artifact or an e-mail, often offline, so it
must need nothing beside itself — the stylesheet, the script and the pillar chart (SVG) are in the page, and a
Content-Security-Policy allows only those exact inline blocks (by hash) and no request at all. The page reads
fully without JavaScript; the script only adds the filters.

Why a template engine: every string from the reviewed tree (paths, code, API names) reaches the page through
Jinja2 with autoescaping on, so a file named ``<script>alert(1)</script>.py`` shows as text. This module turns
the Review into plain values (strings and numbers); the templates under ``html/`` lay them out. Like every
reporter it uses only what is on the Review and its findings.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..findings import Finding, Location, TraceStep
from . import Review
from .places import LineSource, display_path
from .safe_text import visible
from .summary import (SEVERITY_ORDER, change_summary, cwe_name, describe_targets, fixed_summary, pillar_accounts,
                      plural, preexisting_summary, severity_counts, verdict)

# The pillar chart's geometry, in SVG user units (the picture scales to the page's width).
CHART_LABEL_WIDTH = 340  # "CWE-664 Improper Control of a Resource …" at 13 px
CHART_BAR_WIDTH = 420
CHART_COUNT_WIDTH = 150
CHART_ROW = 26
CHART_BAR = 16
CHART_LABEL_MAX = 36  # characters of a pillar's name shown beside its bar; the full name is its tooltip


def render_html(review: Review) -> str:
    env = _environment()
    style = _static(env, "report.css")
    script = _static(env, "report.js")
    return env.get_template("report.html.j2").render(
        **page(review), style=Markup(style), script=Markup(script),
        policy=content_policy(style, script))


def content_policy(style: str, script: str) -> str:
    """No request of any kind, and no script or style but the page's own blocks: even if escaping ever failed,
    an injected ``<script>`` would neither run nor call home."""
    return (f"default-src 'none'; img-src data:; style-src '{_hash(style)}'; script-src '{_hash(script)}'; "
            "base-uri 'none'; form-action 'none'")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _environment() -> Environment:
    return Environment(loader=PackageLoader("pillarscan", "reports/html"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _static(env: Environment, name: str) -> str:
    """A stylesheet or script, inlined as it is (not a template: its hash goes into the page's policy)."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


# --- the page's values ----------------------------------------------------------------------------------------

def page(review: Review) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    result = review.result
    lines = LineSource(clean=visible)
    accounts = pillar_accounts(review)
    findings: list[dict[str, Any]] = []
    pillars = []
    for account in accounts:
        cards = []
        for finding in account.findings:
            card = finding_card(finding, len(findings) + 1, lines, review)
            findings.append(card)
            cards.append(card)
        pillars.append({
            "cwe": account.cwe,
            "name": account.name,
            "status": account.status,
            "verdict": account.verdict,
            "checks": len(account.checks),
            "counts": severity_counts(list(account.findings)),
            "findings": cards,
        })
    targets = describe_targets([display_path(t) if t != "-" else t for t in result.targets])
    return {
        "version": review.version,
        "targets": targets,
        "verdict": verdict(review),
        "files": plural(len(result.files_scanned), "file"),
        "lines": plural(result.lines_scanned, "line"),
        "duration": f"{result.duration_s:.2f} s",
        "total": len(result.findings),
        "by_severity": severity_counts(result.findings),
        "severities": [str(s) for s in SEVERITY_ORDER],
        "thresholds": _thresholds(review),
        "change": [s for s in (change_summary(review), preexisting_summary(review)) if s],
        "fixed": fixed_summary(review),
        "baseline": _baseline_sentence(review),
        "chart": pillar_chart(pillars),
        "pillars": pillars,
        "findings": findings,
        "routes": route_rows(review),
        "skipped": [_diagnostic(d.path, d.line, d.reason) for d in result.skipped],
        "warnings": [_diagnostic(d.path, d.line, d.reason) for d in result.diagnostics if d.kind != "skipped"]
        + [note for note in review.notes],
        "llm": _llm(review),
    }


def _llm(review: Review) -> dict[str, Any] | None:
    """When --llm ran: what was sent where, and what --llm-triage=hide moved aside."""
    if review.llm is None:
        return None
    from .llm_report import dismissed_lines, summary_sentence

    return {"summary": summary_sentence(review.llm), "dismissed": dismissed_lines(review.llm)}


def _verdict(review: Review, finding: Finding) -> str | None:
    if review.llm is None:
        return None
    from .llm_report import verdict_sentence

    return verdict_sentence(review.llm, finding)


def finding_card(finding: Finding, number: int, lines: LineSource, review: Review) -> dict[str, Any]:
    loc = finding.location
    return {
        "id": f"finding-{number}",
        "number": number,
        "rule": finding.rule_id,
        "cwe": finding.cwe,
        "cwe_name": cwe_name(finding.cwe),
        "title": finding.title,
        "pillar": finding.pillar,
        "severity": str(finding.severity),
        "confidence": str(finding.confidence),
        "path": display_path(loc.path),
        "line": loc.line,
        "end_line": loc.end_line if loc.end_line and loc.end_line > loc.line else None,
        "code": code_parts(finding, lines),
        "message": finding.message,
        "fix": finding.fix,
        "trace": [trace_step(step, n) for n, step in enumerate(finding.trace, 1)],
        "preexisting": review.change is not None and not review.change.is_new(finding),
        "llm": _verdict(review, finding),
        "fingerprint": finding.fingerprint,
    }


@dataclass(frozen=True)
class CodeParts:
    """The flagged line split around the flagged region, so the template can mark it: ``before``, ``marked``,
    ``after`` (``marked`` empty when the region cannot be placed exactly; the whole line is highlighted)."""

    before: str
    marked: str
    after: str
    to_end: bool = False  # the region goes on past this line


def code_parts(finding: Finding, lines: LineSource) -> CodeParts:
    """Where the flagged region lies in the snippet. The snippet is the line without its indentation; the
    region is placed only when the line read back is the reviewed one (see places.py), never guessed."""
    snippet = finding.snippet
    loc = finding.location
    span = lines.span(loc, snippet)
    source = lines.lines(loc.path)
    if span.start_column is None or source is None or not 1 <= loc.line <= len(source):
        return CodeParts(snippet, "", "")
    raw = lines.clean(source[loc.line - 1])
    start = span.start_column - 1 - (len(raw) - len(raw.lstrip()))
    if span.end_line > span.start_line:
        end, to_end = len(snippet), True
    elif span.end_column is not None:
        end, to_end = span.end_column - 1 - (len(raw) - len(raw.lstrip())), False
    else:
        return CodeParts(snippet, "", "")
    if not 0 <= start < end <= len(snippet) or raw.strip() != snippet.strip():
        return CodeParts(snippet, "", "")
    return CodeParts(snippet[:start], snippet[start:end], snippet[end:], to_end)


def trace_step(step: TraceStep, number: int) -> dict[str, Any]:
    note = step.note
    kind = "source" if note.startswith("source") else "sink" if note.startswith("sink") else "step"
    return {"number": number, "path": display_path(step.location.path), "line": step.location.line,
            "code": step.code, "note": note, "kind": kind}


def pillar_chart(pillars: list[dict[str, Any]]) -> dict[str, Any]:
    """Findings per pillar by severity as stacked horizontal bars, laid out here so the template only draws."""
    most = max((sum(p["counts"].values()) for p in pillars), default=0)
    scale = CHART_BAR_WIDTH / most if most else 0
    rows = []
    for index, pillar in enumerate(pillars):
        y = 8 + index * CHART_ROW
        x = float(CHART_LABEL_WIDTH)
        segments = []
        for severity in SEVERITY_ORDER:
            count = pillar["counts"][str(severity)]
            if count:
                segments.append({"severity": str(severity), "count": count, "x": round(x, 2),
                                 "width": round(count * scale, 2)})
                x += count * scale
        name = pillar["name"]
        short = name if len(name) <= CHART_LABEL_MAX else name[:CHART_LABEL_MAX - 1].rstrip() + "…"
        total = sum(pillar["counts"].values())
        rows.append({"cwe": pillar["cwe"], "name": name, "short": short, "y": y, "text_y": y + CHART_BAR - 4,
                     "segments": segments, "total": total, "status": pillar["status"],
                     "label": plural(total, "finding") if total else pillar["verdict"],
                     "label_x": round(x + 6, 2)})
    return {"rows": rows, "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + CHART_COUNT_WIDTH,
            "height": 16 + len(rows) * CHART_ROW, "bar": CHART_BAR, "legend_x": CHART_LABEL_WIDTH,
            "legend_y": 16 + len(rows) * CHART_ROW}


def _thresholds(review: Review) -> str:
    parts = []
    if str(review.min_severity) != "low":
        parts.append(f"severity ≥ {review.min_severity}")
    if str(review.min_confidence) != "low":
        parts.append(f"confidence ≥ {review.min_confidence}")
    if not parts:
        return ""
    hidden = f"; {plural(len(review.hidden), 'finding')} below them not shown" if review.hidden else ""
    return f"Shown: {', '.join(parts)}{hidden}."


def _baseline_sentence(review: Review) -> str:
    if not (review.baselined or review.baseline_fixed):
        return ""
    fixed = f"; {plural(review.baseline_fixed, 'recorded finding')} now fixed" if review.baseline_fixed else ""
    return f"{plural(review.baselined, 'known finding')} hidden by the baseline{fixed}."


def _diagnostic(path: str, line: int | None, reason: str) -> str:
    return f"{display_path(path)}{f':{line}' if line else ''}: {reason}"


# --- the route inventory (hook) -------------------------------------------------------------------------------

ROUTE_COLUMNS = ("methods", "path", "handler", "framework", "access", "guards", "csrf")


def route_rows(review: Review) -> list[dict[str, str]] | None:
    """The route inventory as table rows, or None when the review carries none (then no section is shown).

    The hook for web/routes.py: a ``routes`` field on the Review (a list of plain values or dicts) is shown as
    one row per route with the fields named in ROUTE_COLUMNS when present: ``methods`` (strings), ``path``,
    ``handler`` (a Location or "file:line" text), ``framework``, ``access`` (or ``status``: authenticated,
    public …), ``guards`` (values with a ``name``, or strings) and ``csrf``. Only what a route has is shown."""
    routes = getattr(review, "routes", None)
    if not routes:
        return None
    return [{column: _route_text(_field(route, column)) for column in ROUTE_COLUMNS} for route in routes]


def _field(route: Any, name: str) -> Any:
    get = route.get if isinstance(route, dict) else lambda key: getattr(route, key, None)
    value = get(name)
    if value is None and name == "access":
        value = get("status")
    return value


def _route_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Location):
        return f"{display_path(value.path)}:{value.line}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return ", ".join(_route_text(item) for item in value)
    name = getattr(value, "name", None)
    location = getattr(value, "location", None)
    if isinstance(location, Location):
        return f"{name or ''} ({display_path(location.path)}:{location.line})".strip()
    return str(name if isinstance(name, str) else value)


__all__ = ["render_html"]
