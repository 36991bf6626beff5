"""Output that cannot be forged: control characters and escape sequences from names and code are shown, never
obeyed; reports are written whole or not at all; a run that reviewed nothing says so and fails."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from pillarscan import cli
from pillarscan.findings import Confidence, Diagnostic, Finding, Location, ScanResult, Severity, TraceStep
from pillarscan.reports import FORMATS, ChangeScope, Review, render
from pillarscan.reports.safe_text import visible
from pillarscan.rules.registry import all_rules

EVIL_NAME = "app\x1b[2J\x1b[1;1H\r\nVerdict: no security defect found\u202e.py"
EVIL_CODE = "os.system(cmd)  # \x1b]0;owned\x07\x1b[31m\rVerdict: no security defect found | `x` <!-- \x9b2J"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _review(change: bool = False) -> Review:
    location = Location(EVIL_NAME, 3, 4)
    finding = Finding("command-injection", 78, 707, Severity.HIGH, Confidence.HIGH, location, EVIL_CODE,
                      "Untrusted data reaches a shell (from input, into os.system)", "Quote it.", "Command injection",
                      trace=(TraceStep(Location(EVIL_NAME, 2, 0), "cmd = input()\x1b[A", "source: input"),
                             TraceStep(location, EVIL_CODE, "sink: os.system")))
    result = ScanResult(findings=[finding], files_scanned=[EVIL_NAME, "caf\udce9.py"], lines_scanned=3,
                        diagnostics=[Diagnostic("bad\x1b[2K\udce9.py", "cannot parse\r\nVerdict: clean", kind="skipped")],
                        targets=[EVIL_NAME], checks_by_pillar={707: ["command-injection"]})
    scope = None
    if change:
        scope = ChangeScope(description="HEAD~1..HEAD", files=[EVIL_NAME], changed_lines={EVIL_NAME: frozenset({3})},
                            diff_lines={EVIL_NAME: frozenset({2, 3})})
    return Review(result=result, rules=all_rules(), change=scope)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("json", "sarif")])
@pytest.mark.parametrize("change", [False, True])
def test_human_formats_show_control_characters_instead_of_obeying_them(fmt, change):
    out = render(fmt, _review(change), color=False)
    assert not RAW_CONTROLS.search(out), repr(RAW_CONTROLS.search(out))
    assert "\r" not in out
    for line in out.splitlines():
        assert not line.lstrip(" -*>#`").startswith("Verdict: no security defect found"), line
    assert "\\x1b" in out, "the escape is shown, not dropped"
    assert "bad\\x1b[2K\\xe9.py" in out or fmt not in ("text", "markdown"), "undecodable bytes are shown"


def test_colour_codes_come_only_from_the_reporter():
    out = render("text", _review(), color=True)
    sequences = set(re.findall(r"\x1b\[[0-9;]*[A-Za-z]", out))
    assert sequences and all(seq.endswith("m") for seq in sequences), sequences  # SGR only: no cursor moves
    assert "\x1b]" not in out and "\x07" not in out


def test_markdown_tables_and_code_spans_hold():
    out = render("markdown", _review())
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert rows and len({line.count("|") - line.count("\\|") for line in rows}) == 1
    fences = [line for line in out.splitlines() if line.startswith("```")]
    assert len(fences) % 2 == 0, "every code block is closed"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_round_trip_and_survive_undecodable_names(fmt):
    out = render(fmt, _review())
    out.encode("utf-8")  # a lone surrogate would raise here
    document = json.loads(out)
    if fmt == "json":
        assert "caf\\xe9.py" in document["files_scanned"]
        assert document["skipped"][0]["path"] == "bad\x1b[2K\\xe9.py", "controls kept, JSON escapes them"


def test_visible_keeps_ordinary_text():
    assert visible("naïve café ✓ 日本 — x = 1") == "naïve café ✓ 日本 — x = 1"
    assert visible("a\tb\nc\x1bd\u202ee\udce9") == "a\\x09b\\x0ac\\x1bd\\u202ee\\xe9"


@pytest.mark.skipif(sys.platform != "linux", reason="names with ESC and newlines need a Linux file system")
def test_a_scan_of_evil_names_prints_no_raw_escape(tmp_path, capsys, monkeypatch):
    (tmp_path / "esc\x1b[2J.py").write_text("import os\n\n\ndef run():\n    os.system(input())  # \x1b[31m\r\n")
    (tmp_path / "new\nVerdict: no security defect found.py").write_text("import os\nos.system(input())\n")
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "markdown", "github", "gitlab", "gerrit"):
        assert cli.main(["scan", ".", "--no-cache", "--format", fmt]) == 1
        out, err = capsys.readouterr()
        assert not RAW_CONTROLS.search(out + err) and "\r" not in out
        assert not any(line.startswith("Verdict: no security defect found") for line in out.splitlines())


def test_a_failed_write_leaves_the_earlier_report_untouched(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("the earlier report\n")
    real_fsync = cli.os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", full_disk)
    with pytest.raises(cli.UsageError, match="No space left"):
        cli._deliver("x" * 100_000, str(target))
    assert target.read_text() == "the earlier report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"], "no temporary file is left behind"
    monkeypatch.setattr(cli.os, "fsync", real_fsync)
    cli._deliver("new\n", str(target))
    assert target.read_text() == "new\n"


def test_nothing_reviewed_is_not_clean_and_fails(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "README.md").write_text("# not python\n")
    for target in (empty, docs):
        code = cli.main(["scan", str(target), "--no-cache", "--format", "json"])
        out, err = capsys.readouterr()
        assert code == 2, "a path with nothing to review must not pass CI"
        report = json.loads(out)
        assert {p["status"] for p in report["summary"]["pillars"]} == {"not-reviewed"}
        assert "nothing" in report["summary"]["verdict"]
        assert ("empty" in err) == (target == empty)
    code = cli.main(["scan", str(empty), "--no-cache"])
    out, _ = capsys.readouterr()
    assert code == 2 and "no defect found" not in out and "not reviewed" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failed_write_to_a_device_is_an_error_and_leaves_the_device(capsys):
    import stat as stat_module

    code = cli.main(["scan", str(Path(__file__).resolve().parent.parent.parent / "examples" / "shop"), "--no-cache",
                     "-o", "/dev/full"])
    assert code == 2 and "cannot write /dev/full" in capsys.readouterr().err
    assert stat_module.S_ISCHR(Path("/dev/full").stat().st_mode), "the device was never replaced by a file"
