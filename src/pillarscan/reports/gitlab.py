"""A GitLab Code Quality report (``artifacts: reports: codequality:``), the subset of the Code Climate issue
format GitLab reads: a JSON array of ``{description, check_name, fingerprint, severity, location: {path,
lines: {begin}}}``.

GitLab compares the reports of the merge request's base and head pipelines itself, so ``scan --format gitlab``
is the usual job; ``review --format gitlab`` writes only the change's new findings. Two choices matter to it:
- ``fingerprint`` must be unique within a report (GitLab keeps the first issue of a fingerprint), so ours is our
  finding fingerprint plus its occurrence number — stable across unrelated edits, distinct for duplicates;
- ``location.path`` must be relative to the repository root, so paths are made relative to it.
Severities map critical → critical, high → major, medium → minor, low → info (``blocker`` is left for
findings a team decides must stop a merge, which is the exit code's job here).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from . import Review
from .places import repository_path
from .sarif import default_source_root, sentence

SEVERITY = {Severity.CRITICAL: "critical", Severity.HIGH: "major", Severity.MEDIUM: "minor", Severity.LOW: "info"}


def render_gitlab(review: Review) -> str:
    return json.dumps(gitlab_issues(review), indent=2, ensure_ascii=False) + "\n"


def gitlab_issues(review: Review) -> list[dict[str, Any]]:
    root = Path(review.source_root or default_source_root()).resolve()
    seen: Counter[str] = Counter()
    issues = []
    for finding in review.result.findings:
        path = repository_path(finding.location.path, root, rooted=review.change is not None)
        seen[finding.fingerprint] += 1
        issues.append({
            "description": _description(finding, root, review.change is not None, review.llm),
            "check_name": finding.rule_id,
            "fingerprint": _unique(finding.fingerprint, seen[finding.fingerprint]),
            "severity": SEVERITY[finding.severity],
            "categories": ["Security"],
            "location": {"path": path, "lines": {"begin": finding.location.line}},
        })
    return issues


def _description(finding: Finding, root: Path, rooted: bool, llm=None) -> str:
    """Complete sentences, each ending once: GitLab shows the description as the issue's text."""
    flow = ""
    if finding.trace:
        first = finding.trace[0].location
        flow = f" Flow from {repository_path(first.path, root, rooted)}:{first.line}."
    fix = f" Fix: {sentence(finding.fix)}" if finding.fix.strip() else ""
    said = ""
    if llm is not None:  # the report is an array of issues: the layer's account has no place in it
        from .llm_report import verdict_sentence

        verdict = verdict_sentence(llm, finding)
        said = f" {sentence(verdict)}" if verdict else ""
    return f"CWE-{finding.cwe}: {sentence(finding.message)}{flow}{fix}{said}"


def _unique(fingerprint: str, occurrence: int) -> str:
    if occurrence == 1:
        return fingerprint
    return hashlib.sha256(f"{fingerprint}\x1f{occurrence}".encode()).hexdigest()[:32]
