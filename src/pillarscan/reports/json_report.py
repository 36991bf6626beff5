"""The JSON report: a versioned, documented schema for scripts (docs/json-schema.md; machine-checkable as
``report-schema.json`` beside this module).

Why versioned: scripts depend on field names. ``schema_version`` changes its major number only when a field is
removed or changes meaning; new fields bump the minor number, so readers should ignore keys they do not know.
"""

from __future__ import annotations

import json
from typing import Any

from .. import cwe
from ..findings import Diagnostic, Finding, Location, TraceStep
from . import Review
from .summary import pillar_accounts, severity_counts, verdict

SCHEMA_VERSION = "1.1"  # 1.1: summary.baseline_fixed, and the change object of `pillarscan review`


def render_json(review: Review) -> str:
    return json.dumps(report_object(review), indent=2, ensure_ascii=False) + "\n"


def report_object(review: Review) -> dict[str, Any]:
    document = _scan_object(review)
    if review.llm is not None:
        _add_llm(document, review)
    if review.change is not None:
        document["change"] = change_object(review)
    return document


def change_object(review: Review) -> dict[str, Any]:
    """A change review's scope: the files and lines compared, and the findings it left alone or fixed. The
    top-level ``findings`` are the new ones (with ``--all``, the pre-existing ones too, listed again here)."""
    change = review.change
    assert change is not None
    return {
        "description": change.description,
        "base": change.base,
        "head": change.head,
        "files": list(change.files),
        "deleted": list(change.deleted),
        "renamed": [{"from": old, "to": new} for new, old in sorted(change.renamed.items())],
        "changed_lines": {path: sorted(lines) for path, lines in sorted(change.changed_lines.items())},
        "context_files": list(change.context_files),
        "new": len(review.new_findings),
        "preexisting": [finding_object(f) for f in change.preexisting],
        "fixed": [finding_object(f) for f in change.fixed],
        "show_all": change.show_all,
    }


def _scan_object(review: Review) -> dict[str, Any]:
    result = review.result
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {
            "name": "pillarscan",
            "version": review.version,
            "cwe_version": cwe.CATALOGUE_VERSION,
            "rules": len(review.rules),
        },
        "targets": list(result.targets),
        "summary": {
            "verdict": verdict(review),
            "files_scanned": len(result.files_scanned),
            "files_skipped": len(result.skipped),
            "lines_scanned": result.lines_scanned,
            "duration_s": round(result.duration_s, 3),
            "findings": len(result.findings),
            "by_severity": severity_counts(result.findings),
            "baselined": review.baselined,
            "baseline_fixed": review.baseline_fixed,
            "thresholds": {"min_severity": str(review.min_severity), "min_confidence": str(review.min_confidence)},
            "pillars": [
                {
                    "cwe": account.cwe,
                    "name": account.name,
                    "status": account.status,
                    "findings": len(account.findings),
                    "checks": list(account.checks),
                }
                for account in pillar_accounts(review)
            ],
            **_routes_summary(result),
            **({"flow_skipped_test_files": result.flow_skipped_tests} if result.flow_skipped_tests else {}),
        },
        "findings": [finding_object(f) for f in result.findings],
        "files_scanned": list(result.files_scanned),
        "skipped": [diagnostic_object(d) for d in result.skipped],
        "warnings": [diagnostic_object(d) for d in result.diagnostics if d.kind != "skipped"]
        + [{"path": None, "reason": note, "line": None} for note in review.notes],
    }


def _routes_summary(result) -> dict[str, Any]:
    """How many routes the inventory holds and how many are guarded (``pillarscan routes`` lists them)."""
    if result.routes is None or not result.routes.routes:
        return {}
    from .routes import summary_counts

    counts = summary_counts(result.routes)
    return {"routes": {"routes": counts["routes"], "guarded": counts["guarded"],
                       "public_by_design": counts["public_by_design"]}}


def _add_llm(document: dict[str, Any], review: Review) -> None:
    """The layer's account, each finding's provenance and verdict, and what --llm-triage=hide moved aside."""
    from .llm_report import is_llm_finding, llm_object, verdict_object

    def add(obj: dict[str, Any], finding: Finding) -> dict[str, Any]:
        obj["provenance"] = "llm" if is_llm_finding(finding) else "static"
        obj["llm"] = verdict_object(review.llm, finding)
        return obj

    for obj, finding in zip(document["findings"], review.result.findings):
        add(obj, finding)
    document["llm"] = llm_object(review.llm)
    document["llm"]["dismissed_findings"] = [add(finding_object(f), f) for f in review.llm.dismissed]


def finding_object(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "cwe": finding.cwe,
        "cwe_name": cwe.name(finding.cwe),
        "pillar": finding.pillar,
        "pillar_name": cwe.PILLARS.get(finding.pillar, cwe.name(finding.pillar)),
        "severity": str(finding.severity),
        "confidence": str(finding.confidence),
        "title": finding.title,
        "location": location_object(finding.location),
        "snippet": finding.snippet,
        "message": finding.message,
        "fix": finding.fix,
        "trace": [trace_object(step) for step in finding.trace],
        "fingerprint": finding.fingerprint,
    }


def location_object(location: Location) -> dict[str, Any]:
    return {
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
    }


def trace_object(step: TraceStep) -> dict[str, Any]:
    return {
        "path": step.location.path,
        "line": step.location.line,
        "column": step.location.column,
        "code": step.code,
        "note": step.note,
    }


def diagnostic_object(diag: Diagnostic) -> dict[str, Any]:
    return {"path": diag.path, "reason": diag.reason, "line": diag.line}
