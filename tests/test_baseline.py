"""Baselines: fingerprints that survive unrelated edits and moves, counted so one entry cannot hide new copies,
read back strictly, and an honest count of what was fixed."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from pillarscan import cli
from pillarscan.baseline import (BASELINE_VERSION, BaselineError, load_baseline, review_scope,
                                 write_baseline)
from pillarscan.engine import ScanOptions, scan
from pillarscan.findings import Confidence, Finding, Location, Severity, TraceStep


def finding(rule="weak-hash", path="app/auth.py", line=10, snippet="digest = hashlib.md5(pw).hexdigest()",
            trace=(), root_path=None):
    return Finding(rule, 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(path, line, 4), snippet, "m", "f",
                   trace=trace, root_path=root_path)


# --- fingerprints ------------------------------------------------------------------------------------------------

def test_fingerprint_ignores_lines_columns_messages_and_spacing():
    base = finding()
    moved = dataclasses.replace(base, location=Location("app/auth.py", 99, 0), message="other",
                                snippet="digest  =   hashlib.md5(pw).hexdigest()")
    assert moved.fingerprint == base.fingerprint


def test_fingerprint_depends_on_rule_cwe_path_code_and_trace():
    base = finding()
    step = TraceStep(Location("app/auth.py", 3), "pw = request.args['pw']", "source")
    variants = [
        finding(rule="weak-cipher"),
        dataclasses.replace(base, cwe=327),
        finding(path="app/other.py"),
        finding(snippet="digest = hashlib.md5(password).hexdigest()"),
        finding(trace=(step,)),
    ]
    prints = {base.fingerprint} | {v.fingerprint for v in variants}
    assert len(prints) == len(variants) + 1
    # a trace step's code counts, its line does not
    assert finding(trace=(dataclasses.replace(step, location=Location("app/auth.py", 30)),)).fingerprint \
        == finding(trace=(step,)).fingerprint


def test_fingerprint_uses_the_root_relative_path_when_known():
    typed_here = finding(path="app/auth.py", root_path="svc/app/auth.py")
    typed_elsewhere = finding(path="/home/ci/checkout/svc/app/auth.py", root_path="svc/app/auth.py")
    assert typed_here.fingerprint == typed_elsewhere.fingerprint
    assert typed_here.location.path == "app/auth.py"  # the report still shows the path as given


def test_engine_sets_paths_relative_to_the_repository_root(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "svc" / "app" / "run.py", DEFECT)
    monkeypatch.chdir(tmp_path / "svc")
    inside = scan(["app"], ScanOptions(jobs=1)).findings
    monkeypatch.chdir(tmp_path.parent)
    outside = scan([str(tmp_path / "svc" / "app" / "run.py")], ScanOptions(jobs=1)).findings
    assert inside and {f.root_path for f in inside} == {"svc/app/run.py"}
    assert [f.fingerprint for f in inside] == [f.fingerprint for f in outside]
    assert inside[0].location.path == "app/run.py"


def test_without_a_repository_the_target_folder_is_the_root(tmp_path, monkeypatch):
    write(tmp_path / "proj" / "pkg" / "run.py", DEFECT)
    monkeypatch.chdir(tmp_path)
    as_folder = scan(["proj"], ScanOptions(jobs=1)).findings
    assert {f.root_path for f in as_folder} == {"pkg/run.py"}
    as_file = scan(["proj/pkg/run.py"], ScanOptions(jobs=1)).findings
    assert {f.root_path for f in as_file} == {"run.py"}


# --- the file ----------------------------------------------------------------------------------------------------

def test_round_trip_hides_exactly_the_recorded_findings(tmp_path):
    old = [finding(), finding(rule="weak-cipher", line=20, snippet="DES.new(key)")]
    path = tmp_path / "baseline.json"
    assert write_baseline(str(path), old) == 2
    new = finding(line=30, snippet="h = hashlib.sha1(token)")
    match = load_baseline(str(path)).split([*old, new])
    assert match.kept == [new] and match.hidden == 2 and match.fixed == 0


def test_counts_hide_at_most_as_many_findings_as_were_recorded(tmp_path):
    """Bandit's flaw: one entry must not hide any number of new identical-looking findings."""
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [finding(line=10), finding(line=20)])
    entry = json.loads(path.read_text())["findings"]
    assert len(entry) == 1 and entry[0]["count"] == 2 and entry[0]["lines"] == [10, 20]
    baseline = load_baseline(str(path))
    copies = [finding(line=n) for n in (12, 25, 40)]
    match = baseline.split(copies)
    assert match.hidden == 2 and match.kept == [copies[2]]  # the last in file order is the one shown
    fewer = baseline.split([finding(line=12)])
    assert fewer.hidden == 1 and fewer.kept == [] and fewer.fixed == 1


def test_fixed_counts_only_entries_the_review_could_have_found_again(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [finding(), finding(rule="weak-cipher", snippet="DES.new(key)")])
    baseline = load_baseline(str(path))
    assert baseline.split([]).fixed == 2
    only_hash_rule = baseline.split([], lambda entry: entry.rule_id == "weak-hash")
    assert only_hash_rule.fixed == 1 and [e.rule_id for e in only_hash_rule.fixed_entries] == ["weak-hash"]


def test_review_scope_needs_the_file_reviewed_or_gone_the_rule_run_and_the_thresholds(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "app" / "kept.py", "x = 1\n")
    write(tmp_path / "lib" / "elsewhere.py", "x = 1\n")
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [finding(path="app/kept.py", root_path="app/kept.py"),
                               finding(path="app/deleted.py", root_path="app/deleted.py", snippet="md5(a)"),
                               finding(path="lib/elsewhere.py", root_path="lib/elsewhere.py", snippet="md5(b)")])
    baseline = load_baseline(str(path))
    app = str(tmp_path / "app")
    scope = review_scope([app], [str(tmp_path / "app" / "kept.py")], {"weak-hash"}, Severity.LOW, Confidence.LOW)
    assert sorted(e.path for e in baseline.split([], scope).fixed_entries) == ["app/deleted.py", "app/kept.py"]
    no_rule = review_scope([app], [str(tmp_path / "app" / "kept.py")], {"weak-cipher"}, Severity.LOW,
                           Confidence.LOW)
    assert baseline.split([], no_rule).fixed == 0
    above = review_scope([app], [str(tmp_path / "app" / "kept.py")], {"weak-hash"}, Severity.HIGH,
                         Confidence.LOW)
    assert baseline.split([], above).fixed == 0  # recorded as medium: a high threshold could not show it


def test_file_is_versioned_sorted_and_deterministic(tmp_path):
    findings = [finding(line=n, snippet=f"x{n} = hashlib.md5(b)") for n in range(5)]
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_baseline(str(first), findings)
    write_baseline(str(second), list(reversed(findings)))
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text())
    assert document["tool"] == "pillarscan" and document["baseline_version"] == BASELINE_VERSION == 2
    prints = [entry["fingerprint"] for entry in document["findings"]]
    assert prints == sorted(prints) and len(prints) == 5
    assert {entry["count"] for entry in document["findings"]} == {1}
    assert set(document["findings"][0]) == {"fingerprint", "count", "rule_id", "cwe", "path", "lines",
                                            "severity", "confidence"}


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"),
    ("{not json", "not valid JSON"),
    ('{"tool": "bandit", "baseline_version": 2, "findings": []}', "not a pillarscan baseline"),
    ('{"tool": "pillarscan", "baseline_version": 1, "findings": []}',
     r"has version 1, written by an older pillarscan .* write a new one with --write-baseline"),
    ('{"tool": "pillarscan", "baseline_version": 99, "findings": []}', "version 99"),
    ('{"tool": "pillarscan", "baseline_version": 2, "findings": {}}', "'findings' must be a list"),
    ('{"tool": "pillarscan", "baseline_version": 2, "findings": [{"rule": "x"}]}', r"findings\[0\] must be"),
    ('{"tool": "pillarscan", "baseline_version": 2, "findings": [{"fingerprint": "a", "count": 0}]}',
     "positive integer 'count'"),
    ('{"tool": "pillarscan", "baseline_version": 2, "findings": [{"fingerprint": "a", "count": 1}, '
     '{"fingerprint": "a", "count": 2}]}', r"findings\[1\] repeats fingerprint a"),
])
def test_unusable_baselines_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError, match=message):
        load_baseline(str(path))


def test_writing_into_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(BaselineError, match="cannot write baseline"):
        write_baseline(str(tmp_path / "no" / "such" / "dir.json"), [finding()])


# --- end to end: a refactor, another working directory, one new copy ---------------------------------------------

DEFECT = "import os\n\n\ndef run():\n    os.system(input())\n"
SERVICE = '''\
import os
import sqlite3
import subprocess


def lookup(conn: sqlite3.Connection):
    name = input()
    return conn.execute("SELECT * FROM users WHERE name = '%s'" % name).fetchall()


def deploy():
    target = input()
    subprocess.call("deploy.sh " + target, shell=True)


def cleanup():
    os.system(input())
'''
REFACTORED_HEADER = '''\
"""Service helpers (module docstring added in a refactor)."""

from __future__ import annotations

VERSION = 3
'''


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def scan_json(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["scan", *args, "--format", "json", "--no-progress", "--jobs", "1"])
    return code, json.loads(capsys.readouterr().out)


def test_a_refactor_that_shifts_every_line_keeps_old_findings_hidden_and_reveals_one_new_copy(
        tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    service = write(repo / "svc" / "service.py", SERVICE)
    write(repo / "svc" / "tools.py", DEFECT)
    monkeypatch.chdir(repo)
    code, before = scan_json(capsys, "svc", "--write-baseline", "baseline.json")
    assert code == 1 and len(before["findings"]) >= 3
    old_lines = {(Path(f["location"]["path"]).name, f["location"]["line"], f["rule_id"]) for f in before["findings"]}

    # An unrelated refactor: a header shifts every line of both files; the checkout moves; the run starts
    # from another working directory with a differently spelt path.
    write(service, REFACTORED_HEADER + SERVICE.replace("def cleanup():", "def tidy_up():"))
    tools = repo / "svc" / "tools.py"
    tools.write_text(REFACTORED_HEADER + DEFECT)
    moved = tmp_path / "moved" / "checkout"
    shutil.move(str(repo), str(moved))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    baseline_file = str(moved / "baseline.json")
    target = str(moved / "svc")
    code, after = scan_json(capsys, target, "--baseline", baseline_file)
    assert code == 0 and after["findings"] == []
    assert after["summary"]["baselined"] == len(before["findings"]) and after["summary"]["baseline_fixed"] == 0
    _, unfiltered = scan_json(capsys, target)
    assert len(unfiltered["findings"]) == len(before["findings"])
    assert not old_lines & {(Path(f["location"]["path"]).name, f["location"]["line"], f["rule_id"])
                            for f in unfiltered["findings"]}  # every finding did move

    # One new, identical-looking copy of an accepted defect: exactly one finding comes back.
    tools = moved / "svc" / "tools.py"
    tools.write_text(REFACTORED_HEADER + DEFECT + "\n\ndef run_again():\n    os.system(input())\n")
    code, newer = scan_json(capsys, target, "--baseline", baseline_file)
    assert code == 1 and len(newer["findings"]) == 1
    assert newer["findings"][0]["location"]["path"].endswith("tools.py")
    assert newer["findings"][0]["location"]["line"] == len((REFACTORED_HEADER + DEFECT).splitlines()) + 4
    assert newer["summary"]["baselined"] == len(before["findings"])


def test_fixed_findings_are_counted_in_every_report(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    service = write(tmp_path / "svc" / "service.py", SERVICE)
    monkeypatch.chdir(tmp_path)
    _, before = scan_json(capsys, "svc", "--write-baseline", "baseline.json")
    service.write_text(SERVICE.replace("    os.system(input())\n", "    os.system('rm -rf build')\n"))
    code, after = scan_json(capsys, "svc", "--baseline", "baseline.json")
    assert code == 0 and after["summary"]["baseline_fixed"] == 1
    assert after["summary"]["baselined"] == len(before["findings"]) - 1
    assert cli.main(["scan", "svc", "--baseline", "baseline.json", "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert re.search(rf"^Baseline: {len(before['findings']) - 1} known findings not shown; 1 recorded finding now "
                     r"fixed \(baseline baseline.json\)\.$", text, flags=re.MULTILINE)
    assert cli.main(["scan", "svc", "--baseline", "baseline.json", "--format", "markdown"]) == 0
    assert "hidden by the baseline; 1 recorded finding now fixed." in capsys.readouterr().out
    # scanning only another folder does not announce the service's findings as fixed
    write(tmp_path / "other" / "ok.py", "x = 1\n")
    _, other = scan_json(capsys, "other", "--baseline", "baseline.json")
    assert other["summary"]["baseline_fixed"] == 0


def test_writing_a_baseline_reports_fingerprints_and_findings(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "a.py", DEFECT + "\n\ndef again():\n    os.system(input())\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["scan", "a.py", "--write-baseline", "b.json", "--no-progress"]) == 1
    assert "wrote 1 finding fingerprint to baseline b.json (2 findings)" in capsys.readouterr().err
    assert json.loads(Path("b.json").read_text())["findings"][0]["count"] == 2
