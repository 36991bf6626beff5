"""The pillar-by-pillar account and the verdict sentence, computed once so every format says the same thing.

A pillar with no finding is only called *clean* when at least one check ran on it: "no defect found" must be a
statement about work done, so a pillar no active rule covers is reported as *not checked* instead, and when no
file at all was analysed (a mistyped path in CI, a folder without Python) every pillar is *not reviewed*.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import cwe
from ..findings import Confidence, Finding, Severity
from . import Review

PILLAR_ORDER: tuple[int, ...] = tuple(sorted(cwe.PILLARS))
SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))

CLEAN = "clean"
FINDINGS = "findings"
NOT_CHECKED = "not-checked"
NOT_REVIEWED = "not-reviewed"


@dataclass(frozen=True)
class PillarAccount:
    """What the review did and found under one pillar."""

    cwe: int
    name: str
    findings: tuple[Finding, ...]
    checks: tuple[str, ...]
    reviewed: bool = True  # False: no file was analysed, so no check looked at anything
    hidden: tuple[Finding, ...] = ()  # found, but below the shown thresholds
    threshold: str = ""  # the shown thresholds in words ("≥ high"), when any is above the lowest

    @property
    def status(self) -> str:
        if self.findings:
            return FINDINGS
        if not self.reviewed:
            return NOT_REVIEWED
        return CLEAN if self.checks else NOT_CHECKED

    @property
    def verdict(self) -> str:
        """Short human verdict: "2 findings", "no defect found (4 checks)", "not checked (no active rule)"; a
        pillar with findings below the shown thresholds says so: "clean at ≥ high; 3 medium hidden"."""
        if self.hidden:
            counts = ", ".join(f"{n} {sev}" for sev, n in severity_counts(list(self.hidden)).items() if n)
            shown = plural(len(self.findings), "finding") if self.findings else f"clean at {self.threshold}"
            return f"{shown}; {counts} hidden"
        if self.findings:
            return plural(len(self.findings), "finding")
        if not self.reviewed:
            return "not reviewed (no file analysed)"
        if self.checks:
            return f"no defect found ({plural(len(self.checks), 'check')})"
        return "not checked (no active rule)"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def pillar_accounts(review: Review) -> list[PillarAccount]:
    """The ten pillars in CWE order, each with its findings and the ids of the checks that ran on it."""
    result = review.result
    by_pillar: dict[int, list[Finding]] = {p: [] for p in PILLAR_ORDER}
    hidden: dict[int, list[Finding]] = {p: [] for p in PILLAR_ORDER}
    for findings, into in ((result.findings, by_pillar), (review.hidden, hidden)):
        for finding in findings:
            into[finding.pillar if finding.pillar in into else cwe.pillar_of(finding.cwe)].append(finding)
    threshold = ", ".join(part for part in (
        f"≥ {review.min_severity}" if review.min_severity > Severity.LOW else "",
        f"confidence ≥ {review.min_confidence}" if review.min_confidence > Confidence.LOW else "") if part)
    accounts = []
    reviewed = bool(result.files_scanned) or (review.change is not None and bool(review.change.deleted))
    for pillar in PILLAR_ORDER:
        accounts.append(
            PillarAccount(
                cwe=pillar,
                name=cwe.PILLARS[pillar],
                findings=tuple(sorted(by_pillar[pillar], key=Finding.sort_key)),
                checks=tuple(sorted(result.checks_by_pillar.get(pillar, ()))),
                reviewed=reviewed,
                hidden=tuple(hidden[pillar]),
                threshold=threshold,
            )
        )
    return accounts


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """{"critical": n, "high": n, "medium": n, "low": n}, always all four keys, most severe first."""
    counts = {str(s): 0 for s in SEVERITY_ORDER}
    for finding in findings:
        counts[str(finding.severity)] += 1
    return counts


def verdict(review: Review) -> str:
    """The one sentence a reviewer pastes into a code review, e.g.
    "3 security defects (2 high, 1 medium) in 2 files; 7 of 10 pillars clean."."""
    result = review.result
    accounts = pillar_accounts(review)
    clean = sum(1 for a in accounts if a.status == CLEAN)
    unchecked = sum(1 for a in accounts if a.status == NOT_CHECKED)
    total = len(accounts)
    change = review.change
    findings = review.new_findings
    adjective = "new " if change is not None else ""
    if findings:
        counts = ", ".join(f"{n} {sev}" for sev, n in severity_counts(findings).items() if n)
        files = len({f.location.path for f in findings})
        head = f"{plural(len(findings), adjective + 'security defect')} ({counts}) in {plural(files, 'file')}"
    elif change is not None and not change.files and not change.deleted:
        return "nothing to review: the change touches no Python file that could be analysed."
    elif change is not None:
        reviewed = len(change.files) + len(change.deleted)
        head = f"no new security defect in {plural(reviewed, 'changed file')}"
    elif not result.files_scanned:
        return "nothing reviewed: no Python file could be analysed."
    else:
        head = f"no security defect found in {plural(len(result.files_scanned), 'file')}"
    if clean == total:
        tail = f"all {total} pillars clean"
    else:
        tail = f"{clean} of {total} pillars clean"
        if unchecked:
            tail += f", {unchecked} not checked"
    return f"{head}; {tail}."


def describe_targets(targets: list[str], limit: int = 3) -> str:
    """"shop/", "a.py, b.py" or "a, b, c and 4 more" for the header line."""
    shown = [t if t != "-" else "<stdin>" for t in targets[:limit]]
    text = ", ".join(shown) if shown else "<nothing>"
    if len(targets) > limit:
        text += f" and {len(targets) - limit} more"
    return text


def cwe_name(cwe_id: int) -> str:
    return cwe.name(cwe_id)


# --- a review of a change -------------------------------------------------------------------------------------

def change_summary(review: Review) -> str | None:
    """"Change: HEAD~1..HEAD (1a2b3c4..5d6e7f8): 2 Python files reviewed, 1 deleted, 3 imported modules analysed
    for context." — None outside a change review."""
    change = review.change
    if change is None:
        return None
    ids = f" ({change.base[:7] if change.base else 'nothing'}..{change.head[:7]})" if change.head else ""
    parts = [plural(len(change.files), "Python file") + " reviewed"]
    if change.renamed:
        parts.append(f"{len(change.renamed)} renamed")
    if change.deleted:
        parts.append(f"{len(change.deleted)} deleted")
    if change.context_files:
        parts.append(plural(len(change.context_files), "related module") + " (imported or importing) analysed "
                     "for cross-file flows")
    return f"Change: {change.description}{ids}: {', '.join(parts)}."


def preexisting_summary(review: Review) -> str | None:
    """The one line that keeps pre-existing findings from being silently dropped."""
    change = review.change
    if change is None or not change.preexisting:
        return None
    count = len(change.preexisting)
    noun = "pre-existing finding" + ("" if count == 1 else "s")
    if change.show_all:
        return f"{count:,} {noun} in touched files shown (marked pre-existing; they touch no changed line)."
    return f"{count:,} {noun} in touched files not shown; --all to show."


def fixed_summary(review: Review) -> list[str]:
    """"1 finding fixed by this change:" then one line per fixed finding, at its place before the change."""
    change = review.change
    if change is None or not change.fixed:
        return []
    return [f"{plural(len(change.fixed), 'finding')} fixed by this change:"] + [
        f"CWE-{f.cwe} {f.rule_id} at {f.location.path}:{f.location.line} (before the change)" for f in change.fixed
    ]
