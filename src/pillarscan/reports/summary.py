"""The pillar-by-pillar account and the verdict sentence, computed once so every format says the same thing.

A pillar with no finding is only called *clean* when at least one check ran on it: "no defect found" must be a
statement about work done, so a pillar no active rule covers is reported as *not checked* instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import cwe
from ..findings import Finding, Severity
from . import Review

PILLAR_ORDER: tuple[int, ...] = tuple(sorted(cwe.PILLARS))
SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, reverse=True))

CLEAN = "clean"
FINDINGS = "findings"
NOT_CHECKED = "not-checked"


@dataclass(frozen=True)
class PillarAccount:
    """What the review did and found under one pillar."""

    cwe: int
    name: str
    findings: tuple[Finding, ...]
    checks: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.findings:
            return FINDINGS
        return CLEAN if self.checks else NOT_CHECKED

    @property
    def verdict(self) -> str:
        """Short human verdict: "2 findings", "no defect found (4 checks)", "not checked (no active rule)"."""
        if self.findings:
            return plural(len(self.findings), "finding")
        if self.checks:
            return f"no defect found ({plural(len(self.checks), 'check')})"
        return "not checked (no active rule)"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def pillar_accounts(review: Review) -> list[PillarAccount]:
    """The ten pillars in CWE order, each with its findings and the ids of the checks that ran on it."""
    result = review.result
    by_pillar: dict[int, list[Finding]] = {p: [] for p in PILLAR_ORDER}
    for finding in result.findings:
        pillar = finding.pillar if finding.pillar in by_pillar else cwe.pillar_of(finding.cwe)
        by_pillar[pillar].append(finding)
    accounts = []
    for pillar in PILLAR_ORDER:
        accounts.append(
            PillarAccount(
                cwe=pillar,
                name=cwe.PILLARS[pillar],
                findings=tuple(sorted(by_pillar[pillar], key=Finding.sort_key)),
                checks=tuple(sorted(result.checks_by_pillar.get(pillar, ()))),
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
    if result.findings:
        counts = ", ".join(f"{n} {sev}" for sev, n in severity_counts(result.findings).items() if n)
        files = len({f.location.path for f in result.findings})
        head = f"{plural(len(result.findings), 'security defect')} ({counts}) in {plural(files, 'file')}"
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
