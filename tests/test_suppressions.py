"""Suppression comments: how they are read, which lines they cover, and the findings about the comments
themselves (blanket and unused ones). Coverage of multi-line statements in realistic code is in the case
corpus (tests/cases/suppressions/); these tests cover the options and the parsing edge cases."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from pillarscan import cli
from pillarscan.engine import ScanOptions, scan
from pillarscan.findings import Confidence, Severity
from pillarscan.python.suppressions import NOSEC, PILLARSCAN, file_suppressions, find_suppressions

MULTILINE = '''\
import subprocess


def deploy():
    subprocess.call(
        "deploy.sh " + input(),
        shell=True,
    )
'''


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def command_findings(path: Path, **options) -> list:
    return [f for f in scan([str(path)], ScanOptions(jobs=1, **options)).findings if f.cwe == 78]


# --- reading comments --------------------------------------------------------------------------------------------

def test_codes_reason_and_position_are_read_from_real_comments_only():
    text = ('x = run(a)  # pillarscan: ignore[CWE-89, SQL-Injection] -- the table name is a constant\n'
            '# pillarscan: ignore\n'
            's = "# pillarscan: ignore[CWE-78]"\n'
            '# pillarscan: ignored is not a directive\n'
            'y = 2  # noqa: E501  # nosec B602\n')
    found = find_suppressions(text)
    assert [(c.line, c.kind) for c in found] == [(1, PILLARSCAN), (2, PILLARSCAN), (5, NOSEC)]
    first, bare, nosec = found
    assert first.codes == {"cwe-89", "sql-injection"} and first.reason == "the table name is a constant"
    assert first.written == "# pillarscan: ignore[CWE-89, SQL-Injection]" and not first.standalone
    assert bare.codes is None and bare.standalone
    assert nosec.codes is None  # Bandit's test ids mean nothing here: any nosec is blanket


def test_a_file_the_tokenizer_rejects_still_has_its_comments_read():
    text = 'x = (1,\n  2  # pillarscan: ignore[CWE-78]\n'  # unclosed bracket: tokenize gives up at the end
    assert [(c.line, c.codes) for c in find_suppressions(text)] == [(2, frozenset({"cwe-78"}))]


@pytest.mark.parametrize("comment_line", [5, 6, 7, 8])
def test_a_comment_on_any_line_of_a_multi_line_call_covers_the_whole_statement(comment_line):
    lines = MULTILINE.splitlines()
    comments = find_suppressions("\n".join(
        line + ("  # pillarscan: ignore[CWE-78]" if number == comment_line else "")
        for number, line in enumerate(lines, 1)))
    covered = file_suppressions("m.py", comments, ast.parse(MULTILINE), lines)
    assert covered is not None and sorted(covered.covers) == [5, 6, 7, 8]


def test_a_comment_alone_above_covers_the_next_statement_but_not_past_a_blank_line():
    text = "import os\n# pillarscan: ignore[CWE-78]\nos.system(\n    input())\n\n# pillarscan: ignore\n\nx = 1\n"
    lines = text.splitlines()
    covered = file_suppressions("m.py", find_suppressions(text), ast.parse(text), lines)
    assert sorted(covered.covers) == [2, 3, 4, 6]


def test_a_compound_header_covers_its_own_lines_not_its_body():
    text = "def f(\n    a,\n):  # pillarscan: ignore[CWE-78]\n    return a\n"
    covered = file_suppressions("m.py", find_suppressions(text), ast.parse(text), text.splitlines())
    assert sorted(covered.covers) == [1, 2, 3]


# --- the findings they hide and the findings about them ----------------------------------------------------------

def test_the_existing_per_line_forms_keep_working(tmp_path):
    plain = write(tmp_path / "plain.py", "import os\nos.system(input())\n")
    assert command_findings(plain)
    for comment in ("# pillarscan: ignore[command-injection]", "# pillarscan: ignore[cwe-78]",
                    "#pillarscan:ignore[CWE-78,CWE-89]"):
        write(plain, f"import os\nos.system(input())  {comment}\n")
        assert not command_findings(plain), comment


def test_nosec_only_with_honour_nosec(tmp_path):
    path = write(tmp_path / "m.py", "import os\nos.system(input())  # nosec B605\n")
    assert [f.location.line for f in command_findings(path)] == [2]
    assert command_findings(path, honour_nosec=True) == []
    result = scan([str(path)], ScanOptions(jobs=1, honour_nosec=True))
    assert not [f for f in result.findings if f.rule_id == "blanket-suppression"]  # a migration aid, not flagged


def test_a_bare_ignore_is_reported_as_a_low_blanket_suppression(tmp_path):
    path = write(tmp_path / "m.py", "import os\n\nos.system(input())  # pillarscan: ignore\n")
    findings = scan([str(path)], ScanOptions(jobs=1)).findings
    assert [(f.rule_id, f.cwe, f.pillar, f.severity, f.location.line) for f in findings] == [
        ("blanket-suppression", 1076, 710, Severity.LOW, 3)]
    assert findings[0].snippet == "os.system(input())  # pillarscan: ignore"
    quiet = scan([str(path)], ScanOptions(jobs=1, disabled_rules=frozenset({"blanket-suppression"})))
    assert quiet.findings == []


def test_unused_suppressions_are_findings_on_request(tmp_path):
    path = write(tmp_path / "m.py", (
        "import os\n"
        "os.system(input())  # pillarscan: ignore[CWE-78, CWE-89]\n"
        "x = 1  # pillarscan: ignore[CWE-22] -- left over from an old refactor\n"
        "y = 2  # nosec\n"))
    assert not [f for f in scan([str(path)], ScanOptions(jobs=1)).findings if f.rule_id == "unused-suppression"]
    unused = [f for f in scan([str(path)], ScanOptions(jobs=1, report_unused_ignores=True)).findings
              if f.rule_id == "unused-suppression"]
    assert [(f.location.line, f.cwe, f.severity) for f in unused] == [(2, 1164, Severity.LOW), (3, 1164, Severity.LOW)]
    assert unused[0].message.startswith("CWE-89 in '# pillarscan: ignore[CWE-78, CWE-89]' matched no finding")
    assert unused[1].message.startswith("'# pillarscan: ignore[CWE-22]' matched no finding")
    with_nosec = [f for f in scan([str(path)], ScanOptions(jobs=1, report_unused_ignores=True, honour_nosec=True))
                  .findings if f.rule_id == "unused-suppression"]
    assert [f.location.line for f in with_nosec] == [2, 3, 4]


def test_a_suppression_whose_finding_is_below_the_threshold_still_counts_as_used(tmp_path):
    code = "import hashlib\nh = hashlib.md5(b'x')  # pillarscan: ignore[{}]\n"
    path = write(tmp_path / "m.py", code.format("CWE-328"))
    options = dict(jobs=1, min_confidence=Confidence.HIGH, report_unused_ignores=True)
    assert [f.cwe for f in scan([str(path)], ScanOptions(jobs=1, report_unused_ignores=True)).findings] == []
    assert scan([str(path)], ScanOptions(**options)).findings == []
    write(path, code.format("CWE-22"))  # control: a truly unused one survives the same threshold
    assert [f.rule_id for f in scan([str(path)], ScanOptions(**options)).findings] == ["unused-suppression"]
    assert [f.cwe for f in scan([str(path)], ScanOptions(jobs=1)).findings] == [328]


def test_a_comment_cannot_hide_the_report_about_itself(tmp_path):
    path = write(tmp_path / "m.py", "x = 1  # pillarscan: ignore\n")
    result = scan([str(path)], ScanOptions(jobs=1, report_unused_ignores=True))
    assert sorted(f.rule_id for f in result.findings) == ["blanket-suppression", "unused-suppression"]


def test_an_unknown_rule_id_in_a_suppression_is_a_warning(tmp_path):
    path = write(tmp_path / "m.py", "import os\nos.system(input())  # pillarscan: ignore[comand-injection]\n")
    result = scan([str(path)], ScanOptions(jobs=1))
    assert [f.cwe for f in result.findings] == [78]
    warnings = [d for d in result.diagnostics if d.kind == "warning"]
    assert [(d.line, d.reason.split(" (")[0]) for d in warnings] == [
        (2, "suppression names unknown rule 'comand-injection'")]


# --- command line and configuration ------------------------------------------------------------------------------

def scan_json(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["scan", *args, "--format", "json", "--no-progress", "--jobs", "1"])
    return code, json.loads(capsys.readouterr().out)


def test_flags_and_configuration_keys(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "app.py", "import os\nos.system(input())  # nosec\nx = 1  # pillarscan: ignore[CWE-89]\n")
    monkeypatch.chdir(tmp_path)
    code, report = scan_json(capsys, "app.py")
    assert code == 1 and [f["rule_id"] for f in report["findings"]] == ["command-injection"]
    code, report = scan_json(capsys, "app.py", "--honour-nosec", "--report-unused-ignores")
    assert code == 1 and [(f["rule_id"], f["location"]["line"]) for f in report["findings"]] == [
        ("unused-suppression", 3)]
    write(tmp_path / "pyproject.toml", "[tool.pillarscan]\nhonour-nosec = true\nreport-unused-ignores = true\n")
    assert scan_json(capsys, "app.py")[1]["findings"] == report["findings"]


def test_the_suppression_rules_are_registered_with_every_other_rule():
    """A library caller listing rules before anything imported the engine sees the same rules as the CLI."""
    import subprocess
    import sys

    code = ("from pillarscan.rules.registry import all_rules; "
            "ids = {r.id for r in all_rules()}; print('blanket-suppression' in ids, 'unused-suppression' in ids)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.split() == ["True", "True"]


@pytest.mark.parametrize("text", [
    'os.system(cmd)  # PillarScan: IGNORE[CWE-78] reviewed\n',  # ASCII, any case: the quick test lower-cases
    'name = "café"\nos.system(cmd)  # PillarScan: IGNORE[CWE-78] reviewed\n',  # not ASCII: the regex decides
    'os.system(cmd)  # NOSEC\n',
])
def test_the_quick_test_finds_a_directive_in_any_case_and_any_text(text):
    found = find_suppressions(text)
    assert len(found) == 1 and found[0].line == text.count("\n")


def test_the_quick_test_lets_text_without_a_directive_through_empty():
    assert find_suppressions('os.system(cmd)  # reviewed by pillar scanning\nname = "é"\n') == []
