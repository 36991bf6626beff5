"""The command-line flags that other tests reach only through their settings: --min-confidence, --verbose and
--file-budget, each given on the command line of a real run (issue 17: every option has a test)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pillarscan import cli

SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop"


def scan(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["scan", str(SHOP), "--isolated", "--no-progress", "--no-cache", "--jobs", "1", *args])
    return code, capsys.readouterr().out


def test_min_confidence_hides_less_certain_findings_and_says_so(capsys):
    _, everything = scan(capsys, "--format", "json")
    _, confident = scan(capsys, "--format", "json", "--min-confidence", "HIGH")
    every, kept = json.loads(everything)["findings"], json.loads(confident)["findings"]
    assert {f["confidence"] for f in every} > {"high"}  # the example has low and medium findings too
    assert kept and {f["confidence"] for f in kept} == {"high"}
    assert len(kept) == sum(f["confidence"] == "high" for f in every)
    assert json.loads(confident)["summary"]["thresholds"]["min_confidence"] == "high"


def test_verbose_names_the_checks_run_on_each_pillar(capsys):
    _, quiet = scan(capsys)
    _, loud = scan(capsys, "--verbose")
    assert len(loud.splitlines()) > len(quiet.splitlines())
    extra = set(loud.splitlines()) - set(quiet.splitlines())
    assert any("sql-injection" in line for line in extra), extra  # a clean check, named


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_file_budget_refuses_what_is_not_a_duration(capsys, value):
    assert cli.main(["scan", str(SHOP), "--file-budget", value]) == 2
    assert "--file-budget" in capsys.readouterr().err


def test_file_budget_bounds_each_file(capsys):
    code, out = scan(capsys, "--format", "json", "--file-budget", "0.000001")
    report = json.loads(out)
    skipped = report["summary"]["files_skipped"]
    assert skipped >= 1 and code in (0, 1)
    code, out = scan(capsys, "--format", "json", "--file-budget", "0")  # 0: no limit
    assert json.loads(out)["summary"]["files_skipped"] == 0 and code == 1
