"""Baselines: written deterministically, read back strictly, matched by fingerprint rather than line number."""

from __future__ import annotations

import dataclasses
import json

import pytest

from pillarscan.baseline import BASELINE_VERSION, BaselineError, load_baseline, write_baseline
from pillarscan.findings import Confidence, Finding, Location, Severity


def finding(rule="weak-hash", path="app/auth.py", line=10, snippet="digest = hashlib.md5(pw).hexdigest()"):
    return Finding(rule, 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(path, line, 4), snippet, "m", "f")


def test_round_trip_drops_exactly_the_recorded_findings(tmp_path):
    old = [finding(), finding(rule="weak-cipher", line=20, snippet="DES.new(key)")]
    path = tmp_path / "baseline.json"
    assert write_baseline(str(path), old) == 2
    baseline = load_baseline(str(path))
    new = finding(line=30, snippet="h = hashlib.sha1(token)")
    kept, dropped = baseline.split([*old, new])
    assert kept == [new]
    assert dropped == 2


def test_a_finding_that_moved_stays_baselined_but_an_edited_line_does_not(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [finding(line=10)])
    baseline = load_baseline(str(path))
    moved = finding(line=42, snippet="digest  =  hashlib.md5(pw).hexdigest()")  # shifted down, re-spaced
    edited = finding(line=10, snippet="digest = hashlib.md5(password).hexdigest()")
    other_file = finding(path="app/other.py")
    kept, dropped = baseline.split([moved, edited, other_file])
    assert kept == [edited, other_file] and dropped == 1


def test_fingerprint_ignores_columns_and_messages_but_not_the_rule():
    base = finding()
    assert dataclasses.replace(base, location=Location("app/auth.py", 99, 0), message="other").fingerprint \
        == base.fingerprint
    assert finding(rule="weak-cipher").fingerprint != base.fingerprint


def test_file_is_versioned_sorted_and_deterministic(tmp_path):
    findings = [finding(line=n, snippet=f"x{n} = hashlib.md5(b)") for n in range(5)]
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_baseline(str(first), findings)
    write_baseline(str(second), list(reversed(findings)) + findings[:2])  # order and duplicates do not matter
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text())
    assert document["tool"] == "pillarscan" and document["baseline_version"] == BASELINE_VERSION
    prints = [entry["fingerprint"] for entry in document["findings"]]
    assert prints == sorted(prints) and len(prints) == 5
    assert {entry["line"] for entry in document["findings"]} == set(range(5))


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"),
    ("{not json", "not valid JSON"),
    ('{"tool": "bandit", "baseline_version": 1, "findings": []}', "not a pillarscan baseline"),
    ('{"tool": "pillarscan", "baseline_version": 99, "findings": []}', "version 99"),
    ('{"tool": "pillarscan", "baseline_version": 1, "findings": [{"rule": "x"}]}', "'fingerprint'"),
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
