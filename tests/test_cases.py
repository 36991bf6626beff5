"""Runs the whole case corpus: every `# expect: CWE-NNN` must be found on its line, and nothing else may be.

A case is a file under tests/cases/, or a folder whose name ends in `_project` (scanned together, for flows that
cross modules). Add a case by adding a file; no test code changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.inputs.files import is_config_name

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"#.*\bexpect:\s*((?:CWE-\d+\s*,?\s*)+)")


def _case_roots() -> list[Path]:
    roots = []
    for path in sorted(CASES.rglob("*")):
        if any(p.name.endswith("_project") for p in path.parents if CASES in p.parents):
            continue
        if path.is_dir() and path.name.endswith("_project"):
            roots.append(path)
        elif path.is_file() and path.suffix == ".py":
            roots.append(path)
    return roots


TEMPLATE_EXPECT = re.compile(r"(?:\{#|<!--).*\bexpect:\s*((?:CWE-\d+\s*,?\s*)+)")  # {# expect: … #}, <!-- … -->
TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml", ".txt", ".xml")


def _expected(root: Path) -> set[tuple[str, int, int]]:
    """Expectations of a project include its templates and configuration files (.env, YAML, INI: '#' comments);
    JSON has no comments, so its cases are in tests/test_config_secrets.py."""
    files = [root] if root.is_file() else sorted(
        p for p in root.rglob("*") if p.is_file() and (p.suffix == ".py" or p.suffix in TEMPLATE_SUFFIXES
                                                      or is_config_name(p.name)))
    out = set()
    for f in files:
        pattern = TEMPLATE_EXPECT if f.suffix in TEMPLATE_SUFFIXES else EXPECT
        for lineno, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = pattern.search(line)
            if m:
                for cwe in re.findall(r"CWE-(\d+)", m.group(1)):
                    out.add((str(f), lineno, int(cwe)))
    return out


@pytest.mark.parametrize("root", _case_roots(), ids=lambda p: str(p.relative_to(CASES)))
def test_case(root: Path) -> None:
    result = scan([str(root)], ScanOptions(jobs=1))
    assert not result.skipped, [f"{d.path}: {d.reason}" for d in result.skipped]
    found = {(str(Path(f.location.path)), f.location.line, f.cwe) for f in result.findings}
    expected = _expected(root)
    missing = sorted(expected - found)
    unexpected = sorted(found - expected)
    detail = {(str(Path(f.location.path)), f.location.line, f.cwe): f.rule_id for f in result.findings}
    assert not missing and not unexpected, (
        "missing: " + "; ".join(f"{p}:{ln} CWE-{c}" for p, ln, c in missing)
        + " | unexpected: " + "; ".join(f"{p}:{ln} CWE-{c} ({detail[(p, ln, c)]})" for p, ln, c in unexpected)
    )


def test_corpus_is_not_empty() -> None:
    assert len(_case_roots()) >= 1
