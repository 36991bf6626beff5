"""Findings are plain values: everything a report shows lives here, so reporters never reach back into analysis."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """How bad the defect is if real. Ordered so thresholds compare with >=."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Confidence(IntEnum):
    """How sure the rule is that the match is a real defect (a data-flow proof scores higher than a pattern)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, text: str) -> "Confidence":
        return cls[text.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """A span in a file. Lines are 1-based, columns 0-based (as in Python's ast)."""

    path: str
    line: int
    column: int = 0
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class TraceStep:
    """One hop of a data flow: where it happened, the code there, and what it means (source, call, sink …)."""

    location: Location
    code: str
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """One defect: the rule that found it, the precise CWE, where, why, how to fix, and the flow that proves it."""

    rule_id: str
    cwe: int
    pillar: int
    severity: Severity
    confidence: Confidence
    location: Location
    snippet: str
    message: str
    fix: str
    title: str = ""
    trace: tuple[TraceStep, ...] = ()
    root_path: str | None = None  # the file relative to the repository (or target) root; set by the engine
    # A render call's flow, before templates/link.py places it in the template ("template:DIALECT:NAME:VAR");
    # "" on every finding a report sees.
    link: str = ""

    @property
    def fingerprint(self) -> str:
        """The one identity of a finding across edits, moves of the checkout and revisions (baselines, review
        matching, SARIF): rule, CWE, the root-relative path and the whitespace-normalised code of the sink and of
        every trace step. Line numbers are left out, so unrelated edits that shift lines keep it unchanged."""
        parts = [self.rule_id, str(self.cwe), self.root_path or self.location.path, _normalised(self.snippet)]
        parts += [_normalised(step.code) for step in self.trace]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def sort_key(self) -> tuple:
        return (self.pillar, self.location.path, self.location.line, self.location.column, self.rule_id)


def _normalised(code: str) -> str:
    return " ".join(code.split())


@dataclass(frozen=True)
class Diagnostic:
    """Something the scanner could not do on a file (skipped, partly analysed), said plainly with the reason."""

    path: str
    reason: str
    kind: str = "skipped"  # "skipped": the file was not analysed; "warning": analysed, with a caveat
    line: int | None = None


@dataclass
class ScanResult:
    """The outcome of one run: findings plus an honest account of the work done and left undone."""

    findings: list[Finding] = field(default_factory=list)
    files_scanned: list[str] = field(default_factory=list)
    lines_scanned: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checks_by_pillar: dict[int, list[str]] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    files_analysed: int = 0  # files parsed and analysed in this run (the rest of files_scanned came from the cache)
    files_from_cache: int = 0
    modules_solved: int = 0  # modules whose facts the cross-module phase solved (all of them, or 0 when reused)
    cells_evaluated: int = 0  # cross-module cells evaluated (fewer when an earlier solve's cells were reused)
    context_files: list[str] = field(default_factory=list)  # read for their flows only (files named one by one)
    routes: object | None = None  # web.routes.Inventory: every route found, with its guards
    flow_skipped_tests: int = 0  # test files whose data flow was not followed (pattern checks ran on them)

    @property
    def skipped(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.kind == "skipped"]
