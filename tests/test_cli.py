"""The command line end to end: exit codes, stdin, formats, output files, colour, configuration and baselines.

Detection itself is tested by the case corpus; here a file with an unmistakable defect (a shell command read
from input()) and a file with none are enough, and assertions are about structure and exit codes, so new or
retuned rules do not break these tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pillarscan import cli
from pillarscan.findings import Severity
from pillarscan.rules.registry import all_rules
from terminal import run_on_terminal

DEFECT = "import os\n\n\ndef run():\n    os.system(input())\n"
CLEAN = "def add(a, b):\n    return a + b\n"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A small repository: one file with a defect, one clean file; the working directory is its root."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "bad.py").write_text(DEFECT)
    (tmp_path / "app" / "good.py").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real program in a child process, with stdout and stderr piped (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "pillarscan.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def scan_json(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["scan", *args, "--format", "json", "--no-progress", "--jobs", "1"])
    return code, json.loads(capsys.readouterr().out)


# --- exit codes ------------------------------------------------------------------------------------------------

def test_exit_0_for_a_clean_file_and_1_for_a_defect(project, capsys):
    code, report = scan_json(capsys, "app/good.py")
    assert code == 0 and report["findings"] == []
    code, report = scan_json(capsys, "app/bad.py")
    assert code == 1 and report["findings"]
    assert {f["location"]["path"] for f in report["findings"]} == {"app/bad.py"}


@pytest.mark.parametrize("argv", [
    ["scan"],                                   # no path
    ["scan", "app", "--bogus"],                 # unknown option
    ["scan", "app", "--format", "pdf"],         # unknown format
    ["scan", "app", "--min-severity", "extreme"],
    ["scan", "app", "--jobs", "-1"],
    ["frobnicate"],                             # unknown command
    [],                                         # no command at all
])
def test_usage_errors_exit_2(project, capsys, argv):
    assert cli.main(argv) == 2
    assert capsys.readouterr().err


def test_missing_path_is_a_diagnostic_with_exit_2(project, capsys):
    assert cli.main(["scan", "app", "no/such/dir"]) == 2
    err = capsys.readouterr().err
    assert "no such file or directory: no/such/dir" in err and "Traceback" not in err


def test_stdin_combined_with_paths_is_a_usage_error(project, capsys):
    assert cli.main(["scan", "-", "app"]) == 2
    assert "standard input" in capsys.readouterr().err


def test_unexpected_exceptions_are_short_errors_with_exit_2(project, capsys, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "scan", explode)
    assert cli.main(["scan", "app"]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: disk on fire" in err and "Traceback" not in err


def test_console_entry_point_exit_codes(project):
    assert run("scan", "app/good.py").returncode == 0
    assert run("scan", "app/bad.py").returncode == 1
    bad = run("scan", "app", "--format", "nope")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


# --- stdin -----------------------------------------------------------------------------------------------------

def test_dash_reads_one_file_from_stdin(project):
    found = run("scan", "-", "--format", "json", stdin=DEFECT)
    assert found.returncode == 1
    report = json.loads(found.stdout)
    assert report["files_scanned"] == ["<stdin>"]
    assert {f["location"]["path"] for f in report["findings"]} == {"<stdin>"}
    clean = run("scan", "-", stdin=CLEAN)
    assert clean.returncode == 0 and "security review of <stdin>" in clean.stdout


# --- formats and output ----------------------------------------------------------------------------------------

def test_text_report_piped_is_plain_and_shows_all_pillars(project):
    proc = run("scan", "app")
    assert proc.returncode == 1
    assert not ANSI.search(proc.stdout)
    pillars = re.findall(r"^CWE-(\d+) ", proc.stdout, flags=re.MULTILINE)
    assert pillars == ["284", "435", "664", "682", "691", "693", "697", "703", "707", "710"]
    assert re.search(r"no defect found \(\d+ checks?\)", proc.stdout)
    assert re.search(r"^Verdict: \d+ security defects? \(.+\) in 1 file; \d+ of 10 pillars clean", proc.stdout,
                     flags=re.MULTILINE)
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_text_report_on_a_terminal_is_coloured(project):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    code, shown, _ = run_on_terminal(["scan", "app/bad.py", "--no-progress"], "stdout", env=env)
    output = shown.decode("utf-8", "replace")
    assert code == 1
    assert ANSI.search(output)
    assert "Verdict:" in output


def test_output_file_gets_the_report_and_stdout_stays_empty(project, capsys):
    code = cli.main(["scan", "app", "--output", "report.txt", "--no-progress"])
    assert code == 1
    assert capsys.readouterr().out == ""
    text = Path("report.txt").read_text(encoding="utf-8")
    assert text.startswith("pillarscan ") and "Verdict:" in text and not ANSI.search(text)


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown"])
def test_each_format_from_the_command_line(project, capsys, fmt):
    code = cli.main(["scan", "app", "--format", fmt, "--no-progress", "-o", f"out.{fmt}"])
    assert code == 1
    text = Path(f"out.{fmt}").read_text(encoding="utf-8")
    if fmt == "json":
        report = json.loads(text)
        assert report["schema_version"] == "1.1" and report["summary"]["findings"] == len(report["findings"]) > 0
        assert len(report["summary"]["pillars"]) == 10
    elif fmt == "sarif":
        log = json.loads(text)
        assert log["version"] == "2.1.0"
        run_ = log["runs"][0]
        assert run_["results"] and len(run_["tool"]["driver"]["rules"]) == len([r for r in all_rules() if r.default_on])
        assert run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/bad.py"
    else:
        assert text.startswith("## pillarscan") and text.count("| CWE-") == 10 and "```python" in text


def test_progress_callback_only_for_a_terminal(project, monkeypatch, capsys):
    seen = []
    real_scan = cli.scan

    def spy(targets, options, stdin_data=None):
        seen.append(options.progress)
        return real_scan(targets, options, stdin_data=stdin_data)

    monkeypatch.setattr(cli, "scan", spy)
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stderr)
    cli.main(["scan", "app", "--jobs", "1"])
    cli.main(["scan", "app", "--jobs", "1", "--no-progress"])
    assert callable(seen[0]) and seen[1] is None
    seen[0](1, 2)  # the bar is gone once the run is over; a late call must not fail either


# --- thresholds and configuration ------------------------------------------------------------------------------

def _one_level_above(report: dict) -> str:
    top = max(Severity.parse(f["severity"]) for f in report["findings"])
    assert top < Severity.CRITICAL, "test needs a defect below critical"
    return str(Severity(top + 1))


def test_min_severity_and_config_precedence(project, capsys):
    (project / "app" / "bad.py").write_text("import hashlib\n\n\ndef token(pw):\n"
                                            "    return hashlib.md5(pw.encode()).hexdigest()\n")
    code, report = scan_json(capsys, "app")
    assert code == 1, "the fixture file must have a finding"
    above = _one_level_above(report)
    assert scan_json(capsys, "app", "--min-severity", above)[0] == 0
    (project / "pyproject.toml").write_text(f"[tool.pillarscan]\nmin-severity = '{above}'\n")
    code, report = scan_json(capsys, "app")
    assert code == 0 and report["summary"]["thresholds"]["min_severity"] == above  # the file applies
    assert scan_json(capsys, "app", "--min-severity", "low")[0] == 1  # the command line wins


def test_config_disable_and_exclude(project, capsys):
    code, report = scan_json(capsys, "app")
    rules = sorted({f["rule_id"] for f in report["findings"]})
    (project / "pyproject.toml").write_text(f"[tool.pillarscan]\ndisable = {json.dumps(rules)}\n")
    code, report = scan_json(capsys, "app")
    assert code == 0
    disabled = {check for p in report["summary"]["pillars"] for check in p["checks"]}
    assert not disabled & set(rules)  # disabled rules are not counted as checks either


def test_options_reach_the_engine(project, capsys, monkeypatch):
    """Configuration and command line end up in ScanOptions (the file walker applies the excludes)."""
    seen = []
    real_scan = cli.scan

    def spy(targets, options, stdin_data=None):
        seen.append((targets, options))
        return real_scan(targets, options, stdin_data=stdin_data)

    monkeypatch.setattr(cli, "scan", spy)
    (project / "pyproject.toml").write_text("[tool.pillarscan]\nexclude = ['gen/']\nmax-file-bytes = 5000\n"
                                            "models = ['models/extra.toml']\n")
    (project / "models").mkdir()
    (project / "models" / "extra.toml").write_text("[[sink]]\ncall = 'app.db.raw'\nkind = 'sql'\n")
    cli.main(["scan", "./app/", "--exclude", "*_test.py", "--exclude", "gen/", "--jobs", "3", "--no-progress"])
    targets, options = seen[0]
    assert targets == ["app"]  # normalised, so fingerprints do not depend on how the path was typed
    from pillarscan.inputs.files import ExcludeSet

    # the file's patterns anchored at its folder, the command line's at the current one
    assert options.excludes == (ExcludeSet(("gen/",), str(project)), ExcludeSet(("*_test.py", "gen/")))
    assert options.max_file_bytes == 5000 and options.jobs == 3
    assert options.extra_models == (str(project / "models" / "extra.toml"),)


def test_explicit_config_and_bad_config_exit_2(project, capsys):
    Path("strict.toml").write_text("min-severity = 'critical'\nmin-confidence = 'high'\n")
    code, report = scan_json(capsys, "app", "--config", "strict.toml")
    assert report["summary"]["thresholds"] == {"min_severity": "critical", "min_confidence": "high"}
    Path("pyproject.toml").write_text("[tool.pillarscan]\nmin-severty = 'high'\n")
    assert cli.main(["scan", "app"]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'min-severty'" in err and "pyproject.toml" in err
    assert cli.main(["scan", "app", "--config", "missing.toml"]) == 2


# --- baselines -------------------------------------------------------------------------------------------------

def test_baseline_round_trip(project, capsys):
    code, before = scan_json(capsys, "app", "--write-baseline", "base.json")
    assert code == 1
    recorded = {e["fingerprint"] for e in json.loads(Path("base.json").read_text())["findings"]}
    assert recorded == {f["fingerprint"] for f in before["findings"]}
    code, after = scan_json(capsys, "app", "--baseline", "base.json")
    assert code == 0 and after["findings"] == []
    assert after["summary"]["baselined"] == len(before["findings"])
    # unrelated lines above the finding do not bring it back
    bad = project / "app" / "bad.py"
    bad.write_text("# a new comment\nVERSION = 2\n" + bad.read_text())
    assert scan_json(capsys, "app", "--baseline", "base.json")[0] == 0
    # a new defect is reported, the old ones stay hidden
    (project / "app" / "new.py").write_text(DEFECT)
    code, newer = scan_json(capsys, "app", "--baseline", "base.json")
    assert code == 1 and {f["location"]["path"] for f in newer["findings"]} == {"app/new.py"}


def test_baseline_from_config_and_text_mentions_it(project, capsys):
    assert cli.main(["scan", "app", "--write-baseline", "base.json", "--no-progress"]) == 1
    assert re.search(r"wrote \d+ finding fingerprints? to baseline base.json", capsys.readouterr().err)
    (project / "pyproject.toml").write_text("[tool.pillarscan]\nbaseline = 'base.json'\n")
    assert cli.main(["scan", "app", "--no-progress"]) == 0
    assert re.search(r"^Baseline: \d+ known findings? not shown", capsys.readouterr().out, flags=re.MULTILINE)


def test_missing_or_broken_baseline_exits_2(project, capsys):
    assert cli.main(["scan", "app", "--baseline", "nope.json"]) == 2
    assert "does not exist" in capsys.readouterr().err
    Path("broken.json").write_text("[]")
    assert cli.main(["scan", "app", "--baseline", "broken.json"]) == 2


# --- rules and cwe ---------------------------------------------------------------------------------------------

def test_rules_lists_every_rule(capsys):
    assert cli.main(["rules"]) == 0
    text = capsys.readouterr().out
    rules = all_rules()
    for rule in rules:
        assert re.search(rf"^{re.escape(rule.id)}\s+CWE-{rule.cwe}\s+CWE-\d+\s+{rule.severity}\s+{rule.confidence}\s+"
                         rf"{re.escape(rule.title)}$", text, flags=re.MULTILINE), rule.id
    assert f"{len(rules)} rules" in text


def test_rules_as_json(capsys):
    assert cli.main(["rules", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert sorted(r["id"] for r in document["rules"]) == sorted(r.id for r in all_rules())
    for entry in document["rules"]:
        assert {"cwe", "cwe_name", "pillar", "pillar_name", "severity", "confidence", "title"} <= set(entry)
        assert entry["pillar"] in (284, 435, 664, 682, 691, 693, 697, 703, 707, 710)


def test_cwe_explains_name_pillar_and_chain(capsys):
    assert cli.main(["cwe", "89"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("CWE-89 Improper Neutralization of Special Elements used in an SQL Command")
    assert "pillar: CWE-707 Improper Neutralization" in out
    assert "CWE-89 → CWE-943 → CWE-74 → CWE-707" in out
    assert cli.main(["cwe", "CWE-89"]) == 0
    assert capsys.readouterr().out == out


@pytest.mark.parametrize("value", ["99999", "sql"])
def test_cwe_unknown_or_malformed_exits_2(capsys, value):
    assert cli.main(["cwe", value]) == 2
    assert capsys.readouterr().err.startswith("pillarscan: error:")
