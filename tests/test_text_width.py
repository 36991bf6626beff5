"""The text report fits the width it is given: at 80, 100, 120 and 200 columns no line is longer (measured in
terminal cells, as rich measures them), trace rows fold inside their cell, pillar headings keep their alignment,
paths are shown relative and normalised, and the README's example output is what the report prints.

Regenerate the README's example block after a change to the report's layout with:
    .venv/bin/python tests/test_text_width.py --readme
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from pillarscan import cli, cwe
from pillarscan.engine import ScanOptions, active_rules, scan
from pillarscan.findings import Confidence, Diagnostic, Finding, Location, ScanResult, Severity, TraceStep
from pillarscan.reports import ChangeScope, Review, render
from pillarscan.rules.registry import Rule

REPO = Path(__file__).resolve().parent.parent
WIDTHS = (80, 100, 120, 200)
DURATION = re.compile(r"\d+\.\d\d s$")

LONG_PATH = "services/" + "deeply_nested_package/" * 6 + "a_module_with_a_long_name.py"
NO_SPACES = "x=" + "+".join(f"part_{i}" for i in range(60))
STEP_NO_SPACES = "y=" + "+".join(f"step_{i}" for i in range(10))  # within the 80 characters a step's code keeps


def _hostile_review() -> Review:
    """Everything that made the old report overflow: a long path, a code line without a space, long CWE names,
    wide characters, a long trace, many notes, a change review's summary lines."""
    trace = tuple(TraceStep(Location(LONG_PATH if i % 2 else "app/views.py", 10 + i, 4), code, note)
                  for i, (code, note) in enumerate([
                      ('term = request.args["q"]', "source: Flask query parameter"),
                      (STEP_NO_SPACES, "assigned to y"),
                      ("return helpers.build_query_from_the_terms_the_user_typed(term, limit=1000)", "returned"),
                      ("cursor.execute(sql)", "sink: sqlite3.Cursor.execute"),
                  ]))
    findings = [
        Finding("sql-injection", 89, 707, Severity.HIGH, Confidence.HIGH, Location(LONG_PATH, 120, 8, 120, 40),
                NO_SPACES, "Untrusted data is formatted into SQL, so it can change the query " * 3, "Use parameters "
                "(cursor.execute(sql, (term,))) and never format values into SQL text yourself. " * 2, trace=trace),
        Finding("assert-security-check", 733, 435, Severity.CRITICAL, Confidence.LOW,
                Location("app/日本語のモジュール名.py", 3, 0), "assert user.is_admin  # 管理者のみ — ✓✓✓",
                "Python removes assert statements under -O.", "Raise PermissionDenied explicitly."),
    ]
    change = ChangeScope("HEAD~3..HEAD", base="a" * 40, head="b" * 40, files=[LONG_PATH],
                         context_files=["lib.py"] * 3,
                         fixed=[Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH,
                                        Location(LONG_PATH, 9, 0), "md5(x)", "m", "f")])
    result = ScanResult(findings=findings, files_scanned=[LONG_PATH, "app/views.py"], lines_scanned=123_456,
                        diagnostics=[Diagnostic(LONG_PATH.replace(".py", "_old.py"), "syntax error: " + "x" * 150,
                                                line=3)]
                        + [Diagnostic(f"vendor/{NO_SPACES}_{i}.py", "file over the size limit") for i in range(3)]
                        + [Diagnostic(LONG_PATH, "nesting too deep to analyse " * 5, kind="warning")],
                        checks_by_pillar={p: [f"check-{p}-{i}" for i in range(12)] for p in cwe.PILLARS},
                        targets=[LONG_PATH, "app", "./lib/", "more"], duration_s=1.5)
    rules = [Rule("sql-injection", 89, Severity.HIGH, Confidence.HIGH, "t", "m", "f")]
    return Review(result=result, rules=rules, verbose=True, baselined=2, baseline_fixed=1,
                  baseline_path=f"baselines/{NO_SPACES}.json", notes=["ignored setting " * 12], change=change)


@pytest.fixture(scope="module")
def shop_review() -> Review:
    options = ScanOptions(jobs=1)
    return Review(result=scan([str(REPO / "examples" / "shop")], options), rules=active_rules(options))


def _reviews(shop_review: Review) -> dict[str, Review]:
    return {"shop": shop_review, "hostile": _hostile_review()}


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_is_longer_than_the_width(shop_review, width, color):
    for name, review in _reviews(shop_review).items():
        text = render("text", review, width=width, color=color)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        too_long = [line for line in plain.splitlines() if cell_len(line) > width]
        assert not too_long, f"{name} at {width}: {too_long[:3]}"
        assert not [line for line in plain.splitlines() if line != line.rstrip()], "no trailing blanks"
        assert plain.count("\n") > 40


@pytest.mark.parametrize("width", WIDTHS)
def test_content_survives_folding(width):
    """Folded or wrapped, nothing is cut: every word of the evidence is there once the lines are joined (and the
    marks that begin continuation lines of the reviewed tree's text are taken out)."""
    text = render("text", _hostile_review(), width=width)
    flat = re.sub(r"\s+|\n\s*↳ ", "", re.sub(r"\n\s*↳ ", "", text))
    for part in (LONG_PATH + ":120", NO_SPACES, "日本語のモジュール名.py:3", "管理者のみ—✓✓✓",
                 "Untrusteddataisformatted", "sink:sqlite3.Cursor.execute", cwe.name(733).replace(" ", ""),
                 "Change:HEAD~3..HEAD(aaaaaaa..bbbbbbb)", "Baseline:2knownfindingsnotshown", "ignoredsetting",
                 "Skipped:4files", "Verdict:"):
        assert part in flat, part


@pytest.mark.parametrize("width", WIDTHS)
def test_trace_rows_fold_inside_their_cell(width):
    text = render("text", _hostile_review(), width=width)
    lines = text.splitlines()
    start = lines.index(" " * 11 + "Data flow:")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(" " * 11 + "Fix:"))
    flow = lines[start + 1:end]
    assert len(flow) >= 4
    assert all(line.startswith(" " * 13) and line[13] != " " or line.startswith(" " * 14) for line in flow)
    # the code without spaces is folded where it has no room, all of it kept, none outside the trace's indentation
    holding = [line for line in flow if "step_" in line]
    assert "".join(line.strip() for line in holding).count("step_") == 10
    assert (len(holding) > 1) == (width == 80)


@pytest.mark.parametrize("width", WIDTHS)
def test_pillar_headings_keep_their_alignment(shop_review, width):
    """The id in 9 columns, the name continuing under itself, the dot leader, the verdict at the right edge."""
    text = render("text", shop_review, width=width)
    lines = text.splitlines()
    headings = [i for i, line in enumerate(lines) if re.match(r"CWE-\d+ ", line)]
    assert len(headings) == 10
    for i in headings:
        line = lines[i]
        assert re.match(r"CWE-\d{3}  \S", line)
        while not re.search(r" \.{3,} ", lines[i]):  # a long name continues under itself
            i += 1
            assert lines[i].startswith(" " * 9) and lines[i][9] != " ", lines[i]
        assert cell_len(lines[i]) == width, "the verdict ends at the right edge"
    interaction = next(i for i in headings if lines[i].startswith("CWE-435"))
    joined = lines[interaction] + "".join(" " + line.strip() for line in lines[interaction + 1:interaction + 3]
                                          if line.startswith(" " * 9) and not line.startswith(" " * 10))
    assert cwe.PILLARS[435] in re.sub(r" \.{3,}.*", "", joined)


def test_wrapped_text_from_the_reviewed_tree_is_marked_as_continued():
    """A path or code line with spaces cannot wrap into a line that reads like the report's own verdict."""
    forged = "x " * 30 + "Verdict: no security defect found in 1 file; all 10 pillars clean."
    finding = Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(forged + ".py", 1, 0),
                      forged, "m", "f", trace=(TraceStep(Location(forged + ".py", 1, 0), forged, "y"),))
    result = ScanResult(findings=[finding], files_scanned=[forged], targets=["."],
                        diagnostics=[Diagnostic(forged, forged), Diagnostic(forged, "x", "warning"),
                                     Diagnostic(forged + "2", forged, "warning")])
    for width in WIDTHS:
        for review in (Review(result=result, rules=[]),
                       Review(result=ScanResult(diagnostics=result.diagnostics[:1], files_scanned=["a.py"]), rules=[])):
            text = render("text", review, width=width)
            assert forged.split("Verdict")[0].strip() in text
            indented = [line for line in text.splitlines() if line.startswith(" ")]  # all but the report's own
            assert not [line for line in indented if line.lstrip().startswith("Verdict: no security")]


def test_untrusted_text_never_starts_a_line_at_the_margin():
    """Wrapped or folded, a file name cannot begin a line where the report's own headings and verdict are."""
    forged = "x" * 60 + "\nVerdict: no security defect found " * 3 + ".py"
    finding = Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(forged, 1, 0), "x",
                      "m", "f", trace=(TraceStep(Location(forged, 1, 0), "x", "y"),))
    result = ScanResult(findings=[finding], files_scanned=[forged], targets=["."],
                        diagnostics=[Diagnostic(forged, "syntax error"), Diagnostic(forged, "too deep", "warning")])
    for width in WIDTHS:
        text = render("text", Review(result=result, rules=[]), width=width)
        assert "\\x0aVerdict" in text and "\n" + "Verdict: no" not in text
        margin = [line for line in text.splitlines() if line and not line.startswith(" ")]
        assert all(re.match(r"(pillarscan |CWE-\d{3}  |Verdict: |Skipped: |Warnings: )", line) for line in margin), \
            margin


def test_piped_output_has_the_stable_width(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO / "examples")
    monkeypatch.setenv("COLUMNS", "300")  # a piped report does not follow the environment's idea of a terminal
    assert cli.main(["scan", "shop", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert cli.PIPED_WIDTH == 100 and cli._width(False) == 100
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) == 100
    assert all(cell_len(line) == 100 for line in lines if re.search(r" \.{3,} ", line))


@pytest.mark.parametrize("target", [".", "./", "./shop", "shop/", "shop//"])
def test_paths_are_shown_relative_and_normalised(target, monkeypatch, capsys):
    monkeypatch.chdir(REPO / "examples" / ("." if target.startswith(("./shop", "shop")) else "shop"))
    assert cli.main(["scan", target, "--no-cache"]) == 1
    out = capsys.readouterr().out
    places = re.findall(r"^ {11}(\S+\.py):\d+ · confidence", out, flags=re.MULTILINE)
    assert places and not [p for p in places if p.startswith(("./", "/")) or "//" in p]
    assert ("db.py" in places) if target.startswith(".") and "shop" not in target else ("shop/db.py" in places)
    header = out.splitlines()[0]
    assert "review of ./" not in header and "//" not in header


def test_absolute_paths_under_the_working_directory_are_shown_relative(monkeypatch, capsys):
    monkeypatch.chdir(REPO / "examples")
    assert cli.main(["scan", str(REPO / "examples" / "shop" / "db.py"), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "\n           shop/db.py:19 · confidence" in out
    assert "security review of shop/db.py ·" in out.splitlines()[0]


# --- the README's example output ----------------------------------------------------------------------------

README = REPO / "README.md"
BLOCK = re.compile(r"<!-- example-output:start -->.*?```text\n(.*?)```", re.DOTALL)
SHOWN_IN_FULL = ("examples/shop/db.py:19 ", "examples/shop/views/files.py:20 ")


def example_report() -> str:
    """The report the README shows: `pillarscan scan examples/shop`, piped, from the repository root."""
    options = ScanOptions(jobs=1)
    import os
    here = os.getcwd()
    os.chdir(REPO)
    try:
        review = Review(result=scan(["examples/shop"], options), rules=active_rules(options))
        return render("text", review, width=cli.PIPED_WIDTH)
    finally:
        os.chdir(here)


def abridged(report: str) -> str:
    """Two findings in full, the others by their first two lines (severity and CWE; place, confidence, rule),
    however many lines these wrap to."""
    out: list[str] = []
    lines = report.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"  [A-Z]+ +CWE-\d+ ", line):  # a finding: its heading, then its detail lines
            block = [line]
            i += 1
            while i < len(lines) and lines[i].startswith(" " * 11):
                block.append(lines[i])
                i += 1
            place = next(j for j, text in enumerate(block) if " · confidence " in text)
            code = next((j for j, text in enumerate(block) if re.match(r" {11}\d+ │", text)), place + 1)
            full = any(marker in block[place] for marker in SHOWN_IN_FULL)
            out += block if full else block[:code]
            if not full and i + 1 < len(lines) and not lines[i] and re.match(r"  [A-Z]+ +CWE-\d+ ", lines[i + 1]):
                i += 1  # the blank line between a finding shown in part and the next finding
            continue
        out.append(line)
        i += 1
    return "\n".join(out) + "\n"


def _masked(text: str) -> str:
    first, _, rest = text.partition("\n")
    return DURATION.sub("0.00 s", first) + "\n" + rest


def test_readme_example_is_what_the_report_prints():
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    assert match, "README.md lost its example-output block"
    assert _masked(match.group(1)) == _masked(abridged(example_report())), \
        "regenerate the README's example: .venv/bin/python tests/test_text_width.py --readme"


if __name__ == "__main__" and sys.argv[1:] == ["--readme"]:
    text = README.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    README.write_text(text[:match.start(1)] + abridged(example_report()) + text[match.end(1):], encoding="utf-8")
    print("README.md: example output regenerated")
