"""Baselines: record today's findings once, then report only new ones.

Why fingerprints and not file:line: a fingerprint is built from the rule, the file and the normalised code of
the flagged line (see ``Finding.fingerprint``), so edits elsewhere in the file do not bring an accepted finding
back, while a change to the flagged line itself does. The file is versioned JSON, sorted, with no timestamp, so
it diffs cleanly under version control; ``rule_id``, ``path`` and ``line`` are there for the humans who read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .findings import Finding

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Baseline:
    path: str
    fingerprints: frozenset[str]

    def split(self, findings: list[Finding]) -> tuple[list[Finding], int]:
        """(findings not in the baseline, how many were dropped because they are)."""
        kept = [f for f in findings if f.fingerprint not in self.fingerprints]
        return kept, len(findings) - len(kept)


def baseline_document(findings: list[Finding]) -> dict:
    entries = {f.fingerprint: {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "path": f.location.path,
                               "line": f.location.line} for f in findings}
    return {
        "tool": "pillarscan",
        "baseline_version": BASELINE_VERSION,
        "generated_by": f"pillarscan {__version__}",
        "findings": [entries[key] for key in sorted(entries)],
    }


def write_baseline(path: str, findings: list[Finding]) -> int:
    """Write the fingerprints of ``findings`` to ``path``; returns how many distinct fingerprints were written."""
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
    if version != BASELINE_VERSION:
        raise BaselineError(f"baseline {path} has version {version!r}; this pillarscan reads version "
                            f"{BASELINE_VERSION} (write a new one with --write-baseline)")
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise BaselineError(f"baseline {path}: 'findings' must be a list of objects with a 'fingerprint'")
    return Baseline(path, frozenset(e["fingerprint"] for e in entries))
