"""Variants of the taint cases: each single-file case under tests/cases/taint, each of its marked sink lines,
each rewrite of ``rewrites.REWRITES`` that fits, and pairs of a keep rewrite with another rewrite (a value carried
through a helper *and* a container, a field *and* then overwritten …)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from rewrites import REWRITES, Rewrite, apply, sites

CASES = Path(__file__).resolve().parent.parent / "cases" / "taint"
PAIRED = ("identity_helper", "lambda")  # the first rewrites of pairs: each combined with every other rewrite
EXPECT = re.compile(r"#.*\bexpect:\s*((?:CWE-\d+\s*,?\s*)+)")


@dataclass(frozen=True)
class Variant:
    case: str  # the case file, relative to tests/cases/taint
    line: int  # the marked line in the case
    rewrite: str  # "name" or "first+second"
    cwe: int
    keeps: bool  # True: must be flagged with ``cwe`` on ``sink_line``; False: must not be
    source: str
    sink_line: int

    @property
    def id(self) -> str:
        return f"{self.case}:{self.line}:{self.rewrite}"


def case_files() -> list[Path]:
    """Cases that are one file (project folders need their other modules, so they are left to test_cases)."""
    return sorted(p for p in CASES.glob("*/*.py"))


def markers(source: str) -> list[tuple[int, int]]:
    out = []
    for number, line in enumerate(source.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out.extend((number, int(c)) for c in re.findall(r"CWE-(\d+)", match.group(1)))
    return out


def variants(pairs: bool = True) -> tuple[list[Variant], dict[str, int]]:
    """Every variant, and counts of what did not apply (by reason) for the report."""
    out: list[Variant] = []
    skipped: dict[str, int] = {}
    keep_rewrites = [r for r in REWRITES if r.keeps]
    for path in case_files():
        source = path.read_text(encoding="utf-8")
        case = str(path.relative_to(CASES))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            skipped["case does not parse here"] = skipped.get("case does not parse here", 0) + 1
            continue
        for line, cwe in markers(source):
            found = sites(tree, line)
            if not found:
                skipped["no sink call with an argument on the line"] = skipped.get(
                    "no sink call with an argument on the line", 0) + 1
                continue
            site = found[0]
            for rewrite in REWRITES:
                made = apply(source, site, rewrite)
                if made is None:
                    skipped[f"{rewrite.name} does not fit"] = skipped.get(f"{rewrite.name} does not fit", 0) + 1
                    continue
                out.append(Variant(case, line, rewrite.name, cwe, rewrite.keeps, *made))
            if not pairs:
                continue
            for first in keep_rewrites:
                if first.name not in PAIRED:
                    continue  # inline rewrites compose with anything: the second one acts on their result
                for second in REWRITES:
                    if second is first or not second.pairs:
                        continue
                    made = _compose(source, site, first, second)
                    if made is not None:
                        out.append(Variant(case, line, f"{first.name}+{second.name}", cwe, second.keeps, *made))
    return out, skipped


def _compose(source: str, site, first: Rewrite, second: Rewrite):
    """``second`` applied to the expression ``first`` produced (e.g. a helper call whose argument is then
    carried through a list): the outer rewrite decides the verdict."""
    wrapped = Rewrite(f"{first.name}+{second.name}", second.keeps, second.before,
                      lambda e: first.replace(second.replace(e)) if second.before is None else
                      first.replace(second.replace(e)),
                      tuple(dict.fromkeys(first.helpers + second.helpers)), second.needs_move)
    return apply(source, site, wrapped)
