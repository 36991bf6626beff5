"""SARIF 2.1.0 for GitHub code scanning and other viewers.

Choices that matter to consumers:
- every *active* rule gets a reportingDescriptor, not only those that fired, so a viewer can show what was
  checked; a finding from a rule outside that list still gets a descriptor built from the finding;
- CWE travels as the ``external/cwe/cwe-NNN`` tag GitHub reads, and severity as ``security-severity`` (a number
  as a string: GitHub maps >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low);
- paths are relative to ``%SRCROOT%`` (the repository root above the working directory by default), which is
  what GitHub needs to link results to files;
- traces become codeFlows; our fingerprint goes in partialFingerprints under our own key, so GitHub still
  computes its own ``primaryLocationLineHash``;
- files the review could not analyse are toolExecutionNotifications, so "no result" never hides "not looked at".
Validate with: npx --prefix DIR sarif-multitool validate FILE (see docs/json-schema.md).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import cwe
from ..findings import Confidence, Diagnostic, Finding, Location, Severity
from ..rules.registry import Rule
from . import Review
from .places import LineSource
from .safe_text import encodable
from .summary import verdict

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "pillarscan/v2"  # v2: root-relative path, CWE and the code of every trace step
INFORMATION_URI = "https://cwe.mitre.org/data/definitions/1000.html"

SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0"}
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}

SKIPPED_NOTIFICATION = "file-not-analysed"
WARNING_NOTIFICATION = "analysis-warning"


def render_sarif(review: Review) -> str:
    return json.dumps(sarif_log(review), indent=2, ensure_ascii=False) + "\n"


def sarif_log(review: Review) -> dict[str, Any]:
    root = Path(review.source_root or default_source_root()).resolve()
    if review.change is not None:
        review = _rooted(review, root)
    rules = _descriptor_rules(review)
    lines = LineSource(clean=encodable)  # paths are cwd-relative or, in a change review, absolute by now
    index = {rule.id: i for i, rule in enumerate(rules)}
    result = review.result
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "pillarscan",
                "fullName": f"pillarscan {review.version}",
                "version": review.version,
                "semanticVersion": review.version,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule) for rule in rules],
                "notifications": [
                    {
                        "id": SKIPPED_NOTIFICATION,
                        "name": "FileNotAnalysed",
                        "shortDescription": {"text": "A file could not be analysed and was skipped."},
                        "fullDescription": {"text": "The file could not be read or parsed (for example a syntax "
                                                    "error or a file over the size limit), so no rule ran on it."},
                        "help": {"text": "Fix the reason given in the message (or raise max-file-bytes) and "
                                         "review the file again; until then it has not been reviewed."},
                        "helpUri": INFORMATION_URI,
                    },
                    {
                        "id": WARNING_NOTIFICATION,
                        "name": "AnalysisWarning",
                        "shortDescription": {"text": "The analysis ran with a caveat."},
                        "fullDescription": {"text": "The file or the run was analysed, but part of it could not "
                                                    "be, or a setting was ignored; results may be incomplete."},
                        "help": {"text": "Read the message: it says what was not analysed or which setting was "
                                         "ignored, and why."},
                        "helpUri": INFORMATION_URI,
                    },
                ],
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": root.as_uri().rstrip("/") + "/",
                "description": {"text": "The root folder that result paths are relative to."},
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [_notification(d, root) for d in result.diagnostics]
                + [_run_note(note) for note in review.notes],
            }
        ],
        "results": [_result(f, index[f.rule_id], root, lines) for f in result.findings],
        "columnKind": "unicodeCodePoints",
        "properties": {"verdict": verdict(review), "baselined": review.baselined},
    }
    if review.change is not None:
        _describe_change(run, review)
    if review.llm is not None:
        _add_llm(run, review, index, root, lines)
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _add_llm(run: dict[str, Any], review: Review, index: dict[str, int], root: Path, lines: LineSource) -> None:
    """Verdicts as result properties; findings --llm-triage=hide dismissed as suppressed results (code scanning
    shows them as dismissed, with the model's justification)."""
    from .llm_report import is_llm_finding, llm_object, verdict_object

    outcome = review.llm
    for out, finding in zip(run["results"], review.result.findings):
        out["properties"]["provenance"] = "llm" if is_llm_finding(finding) else "static"
        out["properties"]["llm"] = verdict_object(outcome, finding)
    for finding in outcome.dismissed:
        if finding.rule_id not in index:
            continue
        out = _result(finding, index[finding.rule_id], root, lines)
        verdict = verdict_object(outcome, finding) or {}
        out["properties"].update(provenance="static", llm=verdict or None)
        why = verdict.get("rationale") or "no reason given"
        out["suppressions"] = [{"kind": "external", "status": "accepted", "justification": sentence(
            f"Dismissed by the LLM ({outcome.model}) as a false positive: {why}")}]
        run["results"].append(out)
    run["properties"]["llm"] = llm_object(outcome)


def _rooted(review: Review, root: Path) -> Review:
    """A change review's paths are relative to the repository root, not to the working directory: make them
    absolute under ``root`` so they come out relative to %SRCROOT% wherever the command ran."""
    from dataclasses import replace as copy

    def at(location: Location) -> Location:
        return location if os.path.isabs(location.path) else copy(location, path=str(root / location.path))

    def moved(finding: Finding) -> Finding:
        trace = tuple(copy(step, location=at(step.location)) for step in finding.trace)
        return copy(finding, location=at(finding.location), trace=trace)

    result = copy(review.result, findings=[moved(f) for f in review.result.findings],
                  diagnostics=[d if os.path.isabs(d.path) else copy(d, path=str(root / d.path))
                               for d in review.result.diagnostics])
    change = copy(review.change, preexisting=[moved(f) for f in review.change.preexisting])
    return copy(review, result=result, change=change)


def _describe_change(run: dict[str, Any], review: Review) -> None:
    """SARIF's baselineState says which results the change introduced ("new") and which it only left in place
    ("unchanged", shown with --all); what it fixed is counted in the run's properties, not listed as results, so
    code scanning never opens an alert for a finding that is gone."""
    change = review.change
    assert change is not None
    for result, finding in zip(run["results"], review.result.findings):
        result["baselineState"] = "new" if change.is_new(finding) else "unchanged"
    run["properties"]["change"] = {
        "description": change.description,
        "base": change.base,
        "head": change.head,
        "files": list(change.files),
        "preexisting": len(change.preexisting),
        "fixed": [{"ruleId": f.rule_id, "cwe": f.cwe, "path": f.location.path, "line": f.location.line,
                   "fingerprint": f.fingerprint} for f in change.fixed],
    }


def default_source_root() -> str:
    """The repository root above the working directory (what GitHub's paths are relative to), else the cwd."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def sentence(text: str) -> str:
    """SARIF viewers show messages as sentences; the validator asks that each ends with a period."""
    text = " ".join(text.split())
    if not text:
        return text
    return text if text[-1] in ".!?" else text + "."


def rule_name(rule_id: str) -> str:
    """"sql-injection" → "SqlInjection": SARIF wants a name that is an identifier and differs from the id."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", rule_id) if part)


def cwe_uri(cwe_id: int) -> str:
    return f"https://cwe.mitre.org/data/definitions/{cwe_id}.html"


def _descriptor_rules(review: Review) -> list[Rule]:
    rules = {rule.id: rule for rule in review.rules}
    for finding in review.result.findings:
        if finding.rule_id not in rules:
            rules[finding.rule_id] = Rule(
                id=finding.rule_id, cwe=finding.cwe, severity=finding.severity, confidence=finding.confidence,
                title=finding.title or cwe.name(finding.cwe), message=finding.message, fix=finding.fix,
            )
    return sorted(rules.values(), key=lambda r: r.id)


def _descriptor(rule: Rule) -> dict[str, Any]:
    pillar = cwe.pillar_of(rule.cwe)
    cwe_line = f"CWE-{rule.cwe}: {cwe.name(rule.cwe)} (pillar CWE-{pillar}: {cwe.PILLARS[pillar]})"
    markdown = (
        f"**{_md(sentence(rule.title))}**\n\n{_md(sentence(rule.message))}\n\n**Fix:** {_md(sentence(rule.fix))}\n\n"
        f"[CWE-{rule.cwe}: {_md(cwe.name(rule.cwe))}]({cwe_uri(rule.cwe)}), under the pillar "
        f"[CWE-{pillar}: {_md(cwe.PILLARS[pillar])}]({cwe_uri(pillar)})."
    )
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": sentence(rule.title)},
        "fullDescription": {"text": sentence(rule.message)},
        "help": {"text": f"{sentence(rule.message)} Fix: {sentence(rule.fix)} {sentence(cwe_line)}",
                 "markdown": markdown},
        "helpUri": cwe_uri(rule.cwe),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", f"external/cwe/cwe-{rule.cwe}", f"pillar/cwe-{pillar}"],
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "precision": PRECISION[rule.confidence],
            "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[LEVEL[rule.severity]],
            "cwe": rule.cwe,
            "pillar": pillar,
            "kind": "taint" if rule.is_taint else "pattern",
        },
    }


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _artifact_location(path: str, root: Path) -> dict[str, Any]:
    """Relative to %SRCROOT% when the file lies under it; an absolute file URI otherwise."""
    if path.startswith("<"):  # "<stdin>": no file on disk, keep the name readable
        return {"uri": quote(path.strip("<>"))}
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def _physical(location: Location, root: Path, snippet: str, lines: LineSource) -> dict[str, Any]:
    """The flagged span in characters with its own text as the snippet, plus the whole line as its context
    region (what viewers show around the match) when the span is part of one line: SARIF requires a context
    region to be a proper superset. Columns are left out where they cannot be had in characters (places.py)."""
    span = lines.span(location, snippet)
    region: dict[str, Any] = {"startLine": span.start_line}
    if span.start_column is not None:
        region["startColumn"] = span.start_column
    region["endLine"] = span.end_line
    if span.end_column is not None:
        region["endColumn"] = span.end_column
    partial = span.end_column is not None or (span.start_column or 1) > 1
    if span.text is not None:
        region["snippet"] = {"text": span.text}
    elif snippet and not partial and span.end_line == span.start_line:
        region["snippet"] = {"text": snippet}  # the region is the line: its text is the snippet
    physical = {"artifactLocation": _artifact_location(location.path, root), "region": region}
    if snippet and partial and span.end_line == span.start_line:
        physical["contextRegion"] = {"startLine": span.start_line, "endLine": span.start_line,
                                     "snippet": {"text": snippet}}
    return physical


def _result(finding: Finding, rule_index: int, root: Path, lines: LineSource) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": sentence(finding.message)},
        "locations": [{"physicalLocation": _physical(finding.location, root, finding.snippet, lines)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "cwe": finding.cwe,
            "pillar": finding.pillar,
            "severity": str(finding.severity),
            "confidence": str(finding.confidence),
            "fix": finding.fix,
        },
    }
    if finding.trace:
        out["codeFlows"] = [
            {
                "message": {"text": sentence(f"How untrusted data reaches {finding.rule_id}")},
                "threadFlows": [
                    {
                        "locations": [
                            {
                                "location": {
                                    "physicalLocation": _physical(step.location, root, step.code, lines),
                                    "message": {"text": sentence(step.note or step.code)},
                                }
                            }
                            for step in finding.trace
                        ]
                    }
                ],
            }
        ]
    return out


def _notification(diag: Diagnostic, root: Path) -> dict[str, Any]:
    skipped = diag.kind == "skipped"
    prefix = "Not analysed" if skipped else "Analysed with a caveat"
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(diag.path, root)}
    if diag.line:
        physical["region"] = {"startLine": diag.line}
    return {
        "descriptor": {"id": SKIPPED_NOTIFICATION if skipped else WARNING_NOTIFICATION},
        "level": "warning" if skipped else "note",
        "message": {"text": sentence(f"{prefix}: {diag.path}: {diag.reason}")},
        "locations": [{"physicalLocation": physical}],
    }


def _run_note(note: str) -> dict[str, Any]:
    return {"descriptor": {"id": WARNING_NOTIFICATION}, "level": "note", "message": {"text": sentence(note)}}
