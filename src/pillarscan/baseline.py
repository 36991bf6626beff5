"""Baselines: record today's findings once, then report only new ones.

Why fingerprints and not file:line: a fingerprint (``Finding.fingerprint``) is built from the rule, the CWE, the
path relative to the repository root and the normalised code of the sink and of the trace, so edits elsewhere in
the file, and scanning from another folder, do not bring an accepted finding back, while a change to the flagged
code does.

Why counts: identical-looking code can be flagged more than once (the same ``cursor.execute(q)`` in two branches
of one file). The baseline records how many findings share each fingerprint and hides at most that many, so one
accepted entry never hides any number of new copies of the same mistake.

The file is versioned JSON, sorted, with no timestamp, so it diffs cleanly under version control; ``rule_id``,
``cwe``, ``path`` and ``lines`` are there for the humans who read it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .findings import Confidence, Finding, Severity
from .inputs.roots import RootResolver

BASELINE_VERSION = 2


class BaselineError(Exception):
    """A baseline file that cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class BaselineEntry:
    """One fingerprint and how many findings carried it when the baseline was written."""

    fingerprint: str
    count: int
    rule_id: str = ""
    cwe: int = 0
    path: str = ""
    lines: tuple[int, ...] = ()
    severity: str = "low"
    confidence: str = "low"


@dataclass(frozen=True)
class BaselineMatch:
    """The outcome of applying a baseline: what is still reported, and what the baseline accounted for."""

    kept: list[Finding]
    hidden: int  # findings not reported because the baseline accepts them
    fixed: int  # recorded findings that this review looked for and no longer found
    fixed_entries: tuple[BaselineEntry, ...] = field(default=())


@dataclass(frozen=True)
class Baseline:
    path: str
    entries: dict[str, BaselineEntry]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(self.entries)

    def split(self, findings: list[Finding],
              in_scope: Callable[[BaselineEntry], bool] = lambda entry: True) -> BaselineMatch:
        """Hide at most ``count`` findings per fingerprint (the first ones in report order) and report the rest.

        ``in_scope`` says whether this review could have found an entry at all (its file reviewed, its rule run,
        above the thresholds); only such entries count as fixed when fewer findings carry their fingerprint."""
        allowance = {key: entry.count for key, entry in self.entries.items()}
        kept: list[Finding] = []
        for finding in sorted(findings, key=Finding.sort_key):
            key = finding.fingerprint
            if allowance.get(key, 0) > 0:
                allowance[key] -= 1
            else:
                kept.append(finding)
        fixed_entries = tuple(self.entries[key] for key, left in sorted(allowance.items())
                              if left > 0 and in_scope(self.entries[key]))
        fixed = sum(allowance[entry.fingerprint] for entry in fixed_entries)
        return BaselineMatch(kept=kept, hidden=len(findings) - len(kept), fixed=fixed, fixed_entries=fixed_entries)


def review_scope(targets: list[str], files_scanned: list[str], active_rule_ids: set[str],
                 min_severity: Severity, min_confidence: Confidence) -> Callable[[BaselineEntry], bool]:
    """Whether this review could have found a baseline entry again: its rule ran, it is above the thresholds,
    and its file was reviewed or no longer exists. Only such entries can be called fixed; scanning one folder
    with a whole-repository baseline must not announce everything else as fixed."""
    roots = RootResolver(targets)
    reviewed = {roots.relative(path) for path in files_scanned}
    folders = {roots.root_of_target(t) for t in targets if t != "-"}

    def in_scope(entry: BaselineEntry) -> bool:
        if entry.rule_id not in active_rule_ids:
            return False
        if Severity.parse(entry.severity) < min_severity or Confidence.parse(entry.confidence) < min_confidence:
            return False
        if entry.path in reviewed:
            return True
        return bool(folders) and not any(os.path.exists(os.path.join(folder, entry.path)) for folder in folders)

    return in_scope


def baseline_document(findings: list[Finding]) -> dict:
    counts = Counter(f.fingerprint for f in findings)
    first: dict[str, Finding] = {}
    lines: dict[str, list[int]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        first.setdefault(finding.fingerprint, finding)
        lines.setdefault(finding.fingerprint, []).append(finding.location.line)
    entries = []
    for key in sorted(counts):
        finding = first[key]
        entries.append({
            "fingerprint": key,
            "count": counts[key],
            "rule_id": finding.rule_id,
            "cwe": finding.cwe,
            "path": finding.root_path or finding.location.path,
            "lines": sorted(lines[key]),
            "severity": str(finding.severity),
            "confidence": str(finding.confidence),
        })
    return {
        "tool": "pillarscan",
        "baseline_version": BASELINE_VERSION,
        "generated_by": f"pillarscan {__version__}",
        "findings": entries,
    }


def write_baseline(path: str, findings: list[Finding]) -> int:
    """Write the fingerprints of ``findings`` with their counts to ``path``; returns how many distinct
    fingerprints were written."""
    document = baseline_document(findings)
    try:
        Path(path).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(document["findings"])


def load_baseline(path: str) -> Baseline:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"baseline {path} does not exist (create it with --write-baseline {path})") from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(document, dict) or document.get("tool") != "pillarscan":
        raise BaselineError(f"baseline {path} is not a pillarscan baseline")
    version = document.get("baseline_version")
    if version == 1:
        raise BaselineError(f"baseline {path} has version 1, written by an older pillarscan whose fingerprints "
                            f"depended on the working directory and did not count duplicates; this pillarscan "
                            f"reads version {BASELINE_VERSION}: write a new one with --write-baseline {path}")
    if version != BASELINE_VERSION:
        raise BaselineError(f"baseline {path} has version {version!r}; this pillarscan reads version "
                            f"{BASELINE_VERSION} (write a new one with --write-baseline {path})")
    raw = document.get("findings")
    if not isinstance(raw, list):
        raise BaselineError(f"baseline {path}: 'findings' must be a list")
    entries: dict[str, BaselineEntry] = {}
    for index, item in enumerate(raw):
        entry = _entry(item)
        if entry is None:
            raise BaselineError(f"baseline {path}: findings[{index}] must be an object with a string "
                                f"'fingerprint' and a positive integer 'count'")
        if entry.fingerprint in entries:
            raise BaselineError(f"baseline {path}: findings[{index}] repeats fingerprint {entry.fingerprint}")
        entries[entry.fingerprint] = entry
    return Baseline(path, entries)


def _entry(item: object) -> BaselineEntry | None:
    if not isinstance(item, dict):
        return None
    fingerprint, count = item.get("fingerprint"), item.get("count")
    if not isinstance(fingerprint, str) or isinstance(count, bool) or not isinstance(count, int) or count < 1:
        return None
    lines = item.get("lines")
    return BaselineEntry(
        fingerprint=fingerprint,
        count=count,
        rule_id=str(item.get("rule_id", "")),
        cwe=item["cwe"] if isinstance(item.get("cwe"), int) else 0,
        path=str(item.get("path", "")),
        lines=tuple(n for n in lines if isinstance(n, int)) if isinstance(lines, list) else (),
        severity=_level(item.get("severity"), Severity),
        confidence=_level(item.get("confidence"), Confidence),
    )


def _level(value: object, levels: type[Severity] | type[Confidence]) -> str:
    """A recorded level when readable, else the lowest (so an unreadable level never hides a fixed entry)."""
    try:
        return str(levels.parse(value)) if isinstance(value, str) else "low"
    except KeyError:
        return "low"
