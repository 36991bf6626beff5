"""The example service is reviewed as EXPECTED.md says: every listed defect found, every look-alike left alone.

examples/shop is a demo without `# expect:` markers; its answer key is examples/shop/EXPECTED.md. The example is
only scanned here, never imported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan

SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop"
ANSWER_KEY = SHOP / "EXPECTED.md"

# | views/files.py:20 | CWE-22 | `return send_file(path)` | why |   and   | storage.py:22 | `safe_join(...)` | why |
_DEFECT_ROW = re.compile(r"^\|\s*([\w/.]+\.py):(\d+)\s*\|\s*CWE-(\d+)\s*\|\s*`(.+?)`\s*\|")
_SAFE_ROW = re.compile(r"^\|\s*([\w/.]+\.py):(\d+)\s*\|\s*`(.+?)`\s*\|")


@dataclass(frozen=True)
class Entry:
    path: str
    line: int
    code: str
    cwe: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" + (f" CWE-{self.cwe}" if self.cwe else "")


def read_answer_key() -> tuple[list[Entry], list[Entry]]:
    """The two tables of EXPECTED.md: defects (under '## Defects') and look-alikes (under '## Safe')."""
    defects: list[Entry] = []
    safe: list[Entry] = []
    section = None
    for row in ANSWER_KEY.read_text(encoding="utf-8").splitlines():
        if row.startswith("## "):
            section = "defects" if "defect" in row.lower() else "safe" if "safe" in row.lower() else None
            continue
        if section == "defects" and (m := _DEFECT_ROW.match(row)):
            defects.append(Entry(m[1], int(m[2]), m[4], int(m[3])))
        elif section == "safe" and (m := _SAFE_ROW.match(row)):
            safe.append(Entry(m[1], int(m[2]), m[3]))
    return defects, safe


DEFECTS, SAFE = read_answer_key()


@pytest.fixture(scope="module")
def findings() -> set[tuple[str, int, int]]:
    result = scan([str(SHOP)], ScanOptions(jobs=1))
    assert not result.skipped, [f"{d.path}: {d.reason}" for d in result.skipped]
    assert len(result.files_scanned) == len(list(SHOP.rglob("*.py")))
    return {(Path(os.path.relpath(f.location.path, SHOP)).as_posix(), f.location.line, f.cwe) for f in result.findings}


def test_answer_key_is_complete() -> None:
    """Guards the parser: a format slip in EXPECTED.md must not silently empty the tables."""
    assert len(DEFECTS) >= 20 and len(SAFE) >= 15
    assert len({(e.path, e.line) for e in DEFECTS}) == len(DEFECTS)
    assert not {(e.path, e.line) for e in DEFECTS} & {(e.path, e.line) for e in SAFE}


@pytest.mark.parametrize("entry", DEFECTS + SAFE, ids=str)
def test_answer_key_matches_source(entry: Entry) -> None:
    """The quoted code is on the listed line, so the key cannot drift when the example is edited."""
    lines = (SHOP / entry.path).read_text(encoding="utf-8").splitlines()
    assert 1 <= entry.line <= len(lines), f"{entry} is past the end of the file"
    assert entry.code in lines[entry.line - 1], f"{entry}: line is {lines[entry.line - 1].strip()!r}"


@pytest.mark.parametrize("entry", DEFECTS, ids=str)
def test_defect_is_found(entry: Entry, findings: set[tuple[str, int, int]]) -> None:
    on_line = sorted(c for p, ln, c in findings if p == entry.path and ln == entry.line)
    assert (entry.path, entry.line, entry.cwe) in findings, (
        f"{entry} not reported; findings on that line: {', '.join(f'CWE-{c}' for c in on_line) or 'none'}")


@pytest.mark.parametrize("entry", SAFE, ids=str)
def test_look_alike_is_silent(entry: Entry, findings: set[tuple[str, int, int]]) -> None:
    on_line = sorted(c for p, ln, c in findings if p == entry.path and ln == entry.line)
    assert not on_line, f"{entry} is safe code but was reported as " + ", ".join(f"CWE-{c}" for c in on_line)
