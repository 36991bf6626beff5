"""Rule selection (--select / --extend-select / --ignore and their [tool.pillarscan] mirror), exit control
(--exit-zero, --fail-on), --statistics, -q, `pillarscan rule ID`, the hygiene group and the "hidden below the
threshold" wording of the pillar report."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pillarscan import cli, cwe
from pillarscan.config import ConfigError, LoadedConfig, FileConfig, Selection, load_config, merge, resolve_selection
from pillarscan.engine import ScanOptions, scan
from pillarscan.rules.registry import GROUPS, HYGIENE, PILLAR_GROUPS, all_rules, examples_of
from review_repo import needs_git, shop_repo

RULES = all_rules()
IDS = {rule.id for rule in RULES}
SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop"

CRITICAL = ("import os\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route('/run')\n"
            "def run():\n    os.system(request.args['cmd'])\n")  # command-injection: critical, high confidence
MEDIUM = "import requests\n\n\ndef rates():\n    return requests.get('https://rates.example.com/latest').json()\n"


def chosen(*layers: Selection) -> set[str]:
    return set(resolve_selection(layers, RULES))


def cli_layer(select=None, extend=(), ignore=()) -> Selection:
    return Selection.of(select, extend, ignore)


# --- the default review and the hygiene group ------------------------------------------------------------------

def test_the_default_review_runs_every_rule_but_the_hygiene_ones():
    hygiene = {rule.id for rule in RULES if HYGIENE in rule.tags}
    assert {"http-request-without-timeout", "unclosed-resource", "hardcoded-tmp-path"} <= hygiene
    assert chosen() == IDS - hygiene
    assert chosen(cli_layer(extend=["hygiene"])) == IDS
    assert chosen(cli_layer(select=["hygiene"])) == hygiene


def test_groups_select_by_kind_and_every_group_is_documented():
    assert chosen(cli_layer(select=["taint"])) == {rule.id for rule in RULES if rule.is_taint}
    assert chosen(cli_layer(select=["pattern"])) == {rule.id for rule in RULES if not rule.is_taint}
    assert chosen(cli_layer(select=["ALL"])) == IDS
    for rule in RULES:
        assert rule.groups <= set(GROUPS), rule.id


# --- each kind of selector -------------------------------------------------------------------------------------

def test_a_rule_id_selects_that_rule_alone():
    assert chosen(cli_layer(select=["sql-injection"])) == {"sql-injection"}


def test_a_cwe_selects_the_rules_of_that_cwe_and_of_every_weakness_under_it():
    injection = chosen(cli_layer(select=["CWE-74"]))
    assert injection == {rule.id for rule in RULES if 74 in cwe.chain(rule.cwe)}
    assert {"sql-injection", "command-injection", "cross-site-scripting"} <= injection
    assert "weak-hash" not in injection and "path-traversal" not in injection
    # CWE-328 (weak hash) is ChildOf CWE-327: selecting 327 brings the weak-hash rule along
    assert {"weak-cipher", "weak-tls-version", "weak-hash"} <= chosen(cli_layer(select=["cwe-327"]))
    assert chosen(cli_layer(select=["CWE-89"])) == {"sql-injection"}


def test_a_pillar_is_named_by_its_id_its_name_or_its_short_name():
    expected = {rule.id for rule in RULES if cwe.pillar_of(rule.cwe) == 707}
    assert "sql-injection" in expected
    for spelling in ("CWE-707", "Improper Neutralization", "improper-neutralization", "neutralization"):
        assert chosen(cli_layer(select=[spelling])) == expected, spelling
    assert chosen(cli_layer(select=["control_flow"])) == {rule.id for rule in RULES
                                                         if cwe.pillar_of(rule.cwe) == 691}
    assert set(PILLAR_GROUPS.values()) == set(cwe.PILLARS)


def test_the_more_specific_selector_wins_and_ignore_wins_a_tie():
    taint = {rule.id for rule in RULES if rule.is_taint}
    only_sql = chosen(cli_layer(extend=["sql-injection"], ignore=["taint"]))
    assert "sql-injection" in only_sql and not (taint - {"sql-injection"}) & only_sql
    assert "sql-injection" not in chosen(cli_layer(select=["CWE-707"], ignore=["sql-injection"]))
    assert chosen(cli_layer(select=["CWE-89"], ignore=["CWE-89"])) == set()


def test_the_command_line_layer_replaces_or_edits_the_configuration_layer():
    file_layer = Selection.of(["CWE-707"], [], ["command-injection"], where="pyproject.toml")
    neutralization = {rule.id for rule in RULES if cwe.pillar_of(rule.cwe) == 707}
    assert chosen(file_layer) == neutralization - {"command-injection"}
    # --select replaces the file's selection (its ignore included), as ruff does
    assert chosen(file_layer, cli_layer(select=["weak-hash"])) == {"weak-hash"}
    # --ignore and --extend-select edit it
    assert chosen(file_layer, cli_layer(ignore=["sql-injection"], extend=["weak-hash"])) == \
        (neutralization - {"command-injection", "sql-injection"}) | {"weak-hash"}


def test_unknown_selectors_are_errors_naming_the_selector_and_where_it_was_written(tmp_path):
    with pytest.raises(ConfigError, match=r"--select: unknown rule 'sql-injektion'"):
        merge(LoadedConfig(None, FileConfig()), RULES, select=["sql-injektion"])
    with pytest.raises(ConfigError, match=r"--ignore: no rule reports CWE-1004000"):
        merge(LoadedConfig(None, FileConfig()), RULES, ignore=["CWE-1004000"])
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.pillarscan]\nextend-select = ['hygeine']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.pillarscan\] extend-select: unknown rule 'hygeine'"):
        merge(load_config(str(config), ["."]), RULES)


# --- the configuration mirror ----------------------------------------------------------------------------------

def test_select_ignore_and_extend_select_in_the_configuration(tmp_path):
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.pillarscan]\nselect = ['neutralization']\nextend-select = ['http-request-without-timeout']"
                      "\nignore = ['CWE-78']\nfail-on = 'HIGH:medium'\n", encoding="utf-8")
    settings = merge(load_config(str(config), ["."]), RULES)
    expected = {rule.id for rule in RULES if cwe.pillar_of(rule.cwe) == 707} - {"command-injection"}
    assert settings.enabled_rules == expected | {"http-request-without-timeout"}
    assert str(settings.fail_on[0]) == "high" and str(settings.fail_on[1]) == "medium"
    cli_over = merge(load_config(str(config), ["."]), RULES, select=["weak-hash"], fail_on="critical")
    assert cli_over.enabled_rules == {"weak-hash"} and str(cli_over.fail_on[0]) == "critical"


# --- end to end: a small project -------------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "shell.py").write_text(CRITICAL)
    (tmp_path / "app" / "rates.py").write_text(MEDIUM)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def scan_json(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["scan", *args, "--format", "json", "--no-progress", "--jobs", "1", "--no-cache"])
    return code, json.loads(capsys.readouterr().out)


def rule_ids(report: dict) -> set[str]:
    return {f["rule_id"] for f in report["findings"]}


def test_hygiene_findings_appear_only_when_selected(project, capsys):
    code, report = scan_json(capsys, "app")
    assert code == 1 and rule_ids(report) == {"command-injection"}
    code, report = scan_json(capsys, "app", "--extend-select", "hygiene")
    assert rule_ids(report) == {"command-injection", "http-request-without-timeout"}
    code, report = scan_json(capsys, "app", "--select", "CWE-1088,hygiene")
    assert code == 1 and rule_ids(report) == {"http-request-without-timeout"}
    code, report = scan_json(capsys, "app", "--ignore", "CWE-78")
    assert code == 0 and report["findings"] == []
    (project / "pyproject.toml").write_text("[tool.pillarscan]\nextend-select = ['hygiene']\n", encoding="utf-8")
    code, report = scan_json(capsys, "app")
    assert rule_ids(report) == {"command-injection", "http-request-without-timeout"}


def test_an_unknown_selector_on_the_command_line_exits_2_naming_it(project, capsys):
    assert cli.main(["scan", "app", "--select", "sql-injection,nonsense"]) == 2
    err = capsys.readouterr().err
    assert "--select: unknown rule 'nonsense'" in err and "Traceback" not in err
    (project / "pyproject.toml").write_text("[tool.pillarscan]\nignore = ['CWE-0']\n", encoding="utf-8")
    assert cli.main(["scan", "app"]) == 2
    assert "ignore: no rule reports CWE-0" in capsys.readouterr().err


def test_exit_zero_and_fail_on(project, capsys):
    args = ["scan", "app/rates.py", "--extend-select", "hygiene", "--no-progress", "--jobs", "1", "--format", "json"]
    assert cli.main(args) == 1  # today's behaviour: any reported finding (a medium one here)
    assert cli.main([*args, "--fail-on", "high"]) == 0
    assert cli.main([*args, "--fail-on", "medium"]) == 1
    assert cli.main([*args, "--fail-on", "medium:high"]) == 1  # the timeout rule is of high confidence
    assert cli.main(["scan", "app/shell.py", "--no-progress", "--fail-on", "critical:high"]) == 1
    assert cli.main(["scan", "app/shell.py", "--no-progress", "--exit-zero"]) == 0
    # a finding hidden by --min-severity never fails the run, whatever --fail-on says
    assert cli.main([*args, "--min-severity", "high", "--fail-on", "low"]) == 0
    (project / "pyproject.toml").write_text("[tool.pillarscan]\nfail-on = 'critical'\n", encoding="utf-8")
    assert cli.main(args) == 0
    assert cli.main([*args, "--fail-on", "low"]) == 1  # the command line wins
    capsys.readouterr()
    assert cli.main([*args, "--fail-on", "severe"]) == 2
    assert "--fail-on: 'severe' is not SEVERITY[:CONFIDENCE]" in capsys.readouterr().err


def test_exit_zero_does_not_hide_a_review_that_could_not_run(project, capsys):
    (project / "empty").mkdir()
    assert cli.main(["scan", "empty", "--exit-zero", "--no-progress"]) == 2


def test_statistics_count_what_the_json_report_holds(capsys):
    code, report = scan_json(capsys, str(SHOP), "--isolated")
    assert code == 1 and report["findings"]
    assert cli.main(["scan", str(SHOP), "--isolated", "--no-progress", "--jobs", "1", "--statistics",
                     "--format", "json"]) == 1
    stats = json.loads(capsys.readouterr().out)
    assert stats["findings"] == len(report["findings"])
    by_rule = Counter(f["rule_id"] for f in report["findings"])
    counted: Counter = Counter()
    for row in stats["rules"]:
        counted[row["rule"]] += row["count"]
    assert counted == by_rule
    assert {row["cwe"]: row["count"] for row in stats["cwes"]} == \
        dict(Counter(f"CWE-{f['cwe']}" for f in report["findings"]))
    assert {row["pillar"]: row["count"] for row in stats["pillars"]} == \
        dict(Counter(f"CWE-{f['pillar']}" for f in report["findings"]))

    assert cli.main(["scan", str(SHOP), "--isolated", "--no-progress", "--jobs", "1", "--statistics"]) == 1
    text = capsys.readouterr().out
    assert "Verdict:" not in text  # the counts replace the report
    section = text.split("By rule:\n", 1)[1].split("\n\n", 1)[0]
    rows = [re.match(r"\s*(\d+)\s+(\S+)\s+CWE-\d+$", line) for line in section.splitlines()]
    text_counts: Counter = Counter()
    for row in rows:
        assert row, section
        text_counts[row.group(2)] += int(row.group(1))
    assert text_counts == by_rule
    assert text.rstrip().endswith(f"{len(report['findings'])} findings")


def test_quiet_has_a_short_form(project, capsys):
    (project / "pyproject.toml").write_text("[tool.pillarscan]\ncache-dir = 'elsewhere'\n", encoding="utf-8")
    cli.main(["scan", "app", "--no-progress"])
    assert "cache-dir ignored" in capsys.readouterr().err
    cli.main(["scan", "app", "-q"])
    assert capsys.readouterr().err == ""


# --- findings below the shown threshold ------------------------------------------------------------------------

def test_a_pillar_with_findings_below_the_threshold_says_so(project, capsys):
    assert cli.main(["scan", "app", "--extend-select", "hygiene", "--min-severity", "high", "--no-progress"]) == 1
    text = capsys.readouterr().out
    line = next(line for line in text.splitlines() if line.startswith("CWE-664"))
    assert line.endswith("clean at ≥ high; 1 medium hidden"), line
    assert "no defect found" not in line
    line_707 = next(line for line in text.splitlines() if line.startswith("CWE-707"))
    assert line_707.endswith(" 1 finding")  # nothing hidden there: the usual wording
    assert cli.main(["scan", "app", "--extend-select", "hygiene", "--no-progress"]) == 1
    assert "hidden" not in capsys.readouterr().out  # no threshold, nothing hidden, today's report


# --- pillarscan rule ID ----------------------------------------------------------------------------------------

def test_rule_explains_one_rule(capsys):
    assert cli.main(["rule", "sql-injection"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sql-injection: ")
    assert f"CWE-89 {cwe.name(89)}" in out and f"CWE-707 {cwe.PILLARS[707]}" in out
    examples = examples_of("sql-injection")
    assert examples is not None
    flagged = out.split("flagged:\n", 1)[1].split("\n\n", 1)[0]
    safe = out.split("not flagged:\n", 1)[1].split("\n\n", 1)[0]
    assert flagged.splitlines() == ["    " + line if line else "" for line in examples.flagged.strip("\n").splitlines()]
    assert safe.splitlines() == ["    " + line if line else "" for line in examples.safe.strip("\n").splitlines()]
    assert "# pillarscan: ignore[sql-injection]" in out and "--ignore sql-injection" in out
    assert "off in the default security review" not in out


def test_rule_says_when_a_rule_is_off_by_default_and_rejects_unknown_ids(capsys):
    assert cli.main(["rule", "unclosed-resource"]) == 0
    out = capsys.readouterr().out
    assert "off in the default security review" in out and "--extend-select unclosed-resource" in out
    assert "hygiene" in out
    assert cli.main(["rule", "no-such-rule"]) == 2
    assert "unknown rule 'no-such-rule'" in capsys.readouterr().err


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_has_examples_that_behave_as_they_say(rule, tmp_path):
    """The examples `pillarscan rule` prints are scanned: the flagged one must raise this rule, the safe one not."""
    examples = examples_of(rule.id)
    assert examples is not None, f"rules/examples.toml has no example for {rule.id}"
    for kind, code, files in (("flagged", examples.flagged, examples.flagged_files),
                              ("safe", examples.safe, examples.safe_files)):
        path = tmp_path / kind / "example.py"
        path.parent.mkdir()
        path.write_text(code, encoding="utf-8")
        for name, text in files:
            (path.parent / name).parent.mkdir(parents=True, exist_ok=True)
            (path.parent / name).write_text(text, encoding="utf-8")
        result = scan([str(path.parent if files else path)], ScanOptions(jobs=1, report_unused_ignores=True))
        assert not result.skipped
        found = {f.rule_id for f in result.findings}
        assert (rule.id in found) == (kind == "flagged"), f"{kind} example of {rule.id}: {sorted(found)}"


def test_rules_lists_groups_and_what_the_default_review_runs(capsys):
    assert cli.main(["rules", "--format", "json"]) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)["rules"]}
    assert set(listed) == IDS
    assert listed["unclosed-resource"]["default"] is False and "hygiene" in listed["unclosed-resource"]["groups"]
    assert listed["sql-injection"]["default"] is True
    assert set(listed["sql-injection"]["groups"]) == {"taint", "neutralization"}
    assert cli.main(["rules"]) == 0
    tail = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert tail.startswith("Off in the default review") and "unclosed-resource" in tail and "sql-injection" not in tail


def test_a_baseline_records_only_what_the_thresholds_show(project, capsys):
    assert cli.main(["scan", "app", "--extend-select", "hygiene", "--min-severity", "critical", "--no-progress",
                     "--write-baseline", "base.json"]) == 1
    recorded = json.loads((project / "base.json").read_text())["findings"]
    assert [entry["rule_id"] for entry in recorded] == ["command-injection"]
    capsys.readouterr()
    # the medium finding below the threshold is still counted as hidden, not swallowed by the baseline
    assert cli.main(["scan", "app", "--extend-select", "hygiene", "--min-severity", "critical", "--no-progress",
                     "--baseline", "base.json"]) == 0
    text = capsys.readouterr().out
    assert "1 medium hidden" in text and "Baseline: 1 known finding not shown" in text


# --- review: the same controls decide its exit status ---------------------------------------------------------

@needs_git
def test_review_honours_fail_on_exit_zero_ignore_and_statistics(tmp_path, capsys, monkeypatch):
    repo = shop_repo(tmp_path / "shop")
    code, report = repo.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and [f["rule_id"] for f in report["findings"]] == ["sql-injection"]  # new, high
    assert repo.review("HEAD~1..HEAD", "--fail-on", "critical", capsys=capsys, monkeypatch=monkeypatch)[0] == 0
    assert repo.review("HEAD~1..HEAD", "--exit-zero", capsys=capsys, monkeypatch=monkeypatch)[0] == 0
    assert repo.review("HEAD~1..HEAD", "--ignore", "CWE-89", capsys=capsys, monkeypatch=monkeypatch)[0] == 0
    code, text, _ = repo.review("HEAD~1..HEAD", "--statistics", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and re.search(r"^\s+1\s+sql-injection\s+CWE-89$", text, flags=re.MULTILINE)
    assert text.rstrip().endswith("1 finding")
