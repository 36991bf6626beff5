"""The validator decides what of a model's review becomes a finding; every claim is checked against the code.

A candidate is kept only when its file is one the question showed, its line exists, the code it quotes appears
on that line or within two lines of it, and its CWE is a weakness in the bundled catalogue. A candidate that
repeats a static finding (same file, a line within two, same CWE or pillar) is merged into it. Everything else is
dropped and counted by reason, so a report can say how much the model invented.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import cwe
from ..findings import Confidence, Finding, Location, Severity
from .answers import bounded, integer
from .context import SourceView
from .prompts import MAX_FIX, MAX_QUOTE, MAX_REASON

LLM_RULE_ID = "llm-review"
NEAR = 2


@dataclass(frozen=True)
class Candidate:
    cwe: int | None
    file: str
    line: int | None
    code: str
    reason: str
    fix: str


def candidates_of(data: dict | None) -> list[Candidate] | None:
    """The defects of a review answer; None when the answer is not of the asked shape."""
    if data is None or not isinstance(data.get("defects"), list):
        return None
    out = []
    for item in data["defects"][:50]:
        if isinstance(item, dict):
            out.append(Candidate(integer(item.get("cwe")), bounded(item.get("file"), 1000),
                                 integer(item.get("line")), _quote(item.get("code")),
                                 bounded(item.get("reason"), MAX_REASON), bounded(item.get("fix"), MAX_FIX)))
        else:
            out.append(Candidate(None, "", None, "", "", ""))
    return out


def _quote(value: object) -> str:
    return value.strip()[:MAX_QUOTE] if isinstance(value, str) else ""


def _normal(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Validation:
    accepted: list[Finding]
    merged: list[Finding]  # static findings a candidate repeated
    dropped: Counter


def validate(candidates: list[Candidate], shown_files: set[str], static: list[Finding], view: SourceView,
             dropped: Counter | None = None) -> Validation:
    outcome = Validation([], [], dropped if dropped is not None else Counter())
    for candidate in candidates:
        why = _check(candidate, shown_files, view)
        if isinstance(why, str):
            outcome.dropped[why] += 1
            continue
        line, exact = why
        twin = _twin(candidate, line, static + outcome.accepted)
        if twin is not None:
            if twin.rule_id == LLM_RULE_ID:
                outcome.dropped["duplicate"] += 1
            else:
                outcome.merged.append(twin)
            continue
        outcome.accepted.append(_finding(candidate, line, exact, view))
    return outcome


def _check(candidate: Candidate, shown_files: set[str], view: SourceView) -> str | tuple[int, bool]:
    if candidate.cwe is None or not cwe.known(candidate.cwe):
        return "unknown CWE"
    if candidate.file not in shown_files:
        return "file not shown"
    lines = view.lines(candidate.file) or []
    if candidate.line is None or not 1 <= candidate.line <= len(lines):
        return "line outside the file"
    quote = _normal(candidate.code)
    if len(quote) < 4:
        return "no code quoted"
    if quote in _normal(lines[candidate.line - 1]):
        return candidate.line, True
    first, last = max(1, candidate.line - NEAR), min(len(lines), candidate.line + NEAR)
    for number in range(first, last + 1):
        if quote in _normal(lines[number - 1]):
            return number, False
    if quote in _normal(" ".join(lines[first - 1:last])):
        return candidate.line, False
    return "quote not at the line"


def _twin(candidate: Candidate, line: int, findings: list[Finding]) -> Finding | None:
    pillar = cwe.pillar_of(candidate.cwe)
    for finding in findings:
        if finding.location.path == candidate.file and abs(finding.location.line - line) <= NEAR and \
                (finding.cwe == candidate.cwe or finding.pillar == pillar):
            return finding
    return None


def _finding(candidate: Candidate, line: int, exact: bool, view: SourceView) -> Finding:
    text = (view.lines(candidate.file) or [""])[line - 1]
    number = candidate.cwe
    return Finding(
        rule_id=LLM_RULE_ID, cwe=number, pillar=cwe.pillar_of(number), severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM if exact else Confidence.LOW,
        location=Location(candidate.file, line, len(text) - len(text.lstrip())),
        snippet=text.strip(), message=f"(LLM) {candidate.reason or cwe.name(number)}",
        fix=candidate.fix or "Review the code the model points at; the model's claim is unconfirmed.",
        title=f"(LLM) {cwe.name(number)}")
