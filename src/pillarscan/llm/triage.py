"""Triage: one question per static finding — true positive, false positive or uncertain — with the code of
every function along its trace. The verdict is attached to the finding; it never removes it by itself
(``--llm-triage=hide`` moves a false positive aside, except a high-confidence finding with a full trace)."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Confidence, Finding
from .answers import bounded, choice, json_object
from .context import SourceView
from .prompts import MAX_FIX, MAX_RATIONALE, triage_messages

VERDICTS = ("tp", "fp", "uncertain")
EXPLOITABILITY = ("high", "medium", "low", "none")
MAX_BLOCKS = 6


@dataclass(frozen=True)
class Verdict:
    verdict: str
    exploitability: str
    rationale: str
    fix: str
    also_reported: bool = False  # the entry-point review proposed the same defect (merged into this finding)


def parse_verdict(text: str) -> Verdict | None:
    data = json_object(text)
    if data is None:
        return None
    verdict = choice(data.get("verdict"), VERDICTS)
    if verdict is None:
        return None
    return Verdict(verdict, choice(data.get("exploitability"), EXPLOITABILITY) or "",
                   bounded(data.get("rationale"), MAX_RATIONALE), bounded(data.get("fix"), MAX_FIX))


def question(finding: Finding, view: SourceView) -> list[dict[str, str]]:
    facts = {"rule": finding.rule_id, "cwe": f"CWE-{finding.cwe}", "title": finding.title,
             "message": finding.message, "file": finding.location.path, "line": finding.location.line,
             "confidence": str(finding.confidence),
             "trace": [{"file": s.location.path, "line": s.location.line, "note": s.note} for s in finding.trace]}
    spans: list[tuple[str, int, int]] = []
    for path, line in [(s.location.path, s.location.line) for s in finding.trace] + \
            [(finding.location.path, finding.location.line)]:
        first, last = view.span(path, line)
        if not any(p == path and f <= line <= l for p, f, l in spans):
            spans.append((path, first, last))
    blocks = [b for b in (view.block(*span) for span in spans[-MAX_BLOCKS:]) if b]
    return triage_messages(facts, blocks)


def may_hide(finding: Finding) -> bool:
    """A false-positive verdict may move this finding aside: not when the analysis proved a full flow."""
    complete = any(s.note.startswith("source") for s in finding.trace) and \
        any(s.note.startswith("sink") for s in finding.trace)
    return not (complete and finding.confidence >= Confidence.HIGH)
