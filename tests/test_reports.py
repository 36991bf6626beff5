"""Text, JSON and Markdown reports, built from hand-made results so each assertion is about the report alone."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest

from pillarscan import __version__, cwe
from pillarscan.findings import (Confidence, Diagnostic, Finding, Location, ScanResult, Severity, TraceStep)
from pillarscan.reports import Review, render
from pillarscan.reports.summary import PILLAR_ORDER, verdict
from pillarscan.rules.registry import Rule

ANSI = re.compile(r"\x1b\[")

SQL = Finding(
    rule_id="sql-injection", cwe=89, pillar=707, severity=Severity.HIGH, confidence=Confidence.HIGH,
    location=Location("shop/views.py", 41, 4, 41, 52),
    snippet='cursor.execute(f"SELECT * FROM items WHERE name = \'{term}\'")',
    message="Untrusted data is formatted into SQL, so it can change the query.",
    fix="Pass values as parameters: cursor.execute(sql, (term,)).",
    title="SQL built from untrusted data",
    trace=(
        TraceStep(Location("shop/views.py", 37, 11), 'term = request.args["q"]', "source: Flask query parameter"),
        TraceStep(Location("shop/helpers.py", 12, 4), "return build(term)", "returned"),
        TraceStep(Location("shop/views.py", 41, 4), "cursor.execute(...)", "sink: cursor.execute"),
    ),
)
SECRET = Finding(
    rule_id="hardcoded-credential", cwe=798, pillar=284, severity=Severity.MEDIUM, confidence=Confidence.MEDIUM,
    location=Location("shop/db.py", 14, 0), snippet='PASSWORD = "Pr0d-s3cret"',
    message="A literal password is embedded in the source.", fix="Read it from the environment.",
    title="Hard-coded credential",
)
RULES = [
    Rule("sql-injection", 89, Severity.HIGH, Confidence.HIGH, "SQL built from untrusted data", "m", "f",
         sink_kind="sql"),
    Rule("hardcoded-credential", 798, Severity.MEDIUM, Confidence.MEDIUM, "Hard-coded credential", "m", "f"),
    Rule("weak-hash", 328, Severity.MEDIUM, Confidence.HIGH, "Weak hash", "m", "f"),
]
CHECKS = {707: ["sql-injection"], 284: ["hardcoded-credential", "permissive-umask"], 693: ["weak-hash"]}


def make_review(findings=(SQL, SECRET), diagnostics=(), checks=None, **kwargs) -> Review:
    result = ScanResult(
        findings=sorted(findings, key=Finding.sort_key),
        files_scanned=["shop/views.py", "shop/db.py", "shop/helpers.py"],
        lines_scanned=1912,
        diagnostics=list(diagnostics),
        checks_by_pillar=dict(CHECKS if checks is None else checks),
        targets=["shop"],
        duration_s=0.31,
    )
    return Review(result=result, rules=RULES, **kwargs)


SKIPPED = Diagnostic("legacy/py2_tool.py", "syntax error: Missing parentheses in call to 'print'", line=3)


# --- text ------------------------------------------------------------------------------------------------------

def pillar_headings(text: str) -> list[tuple[str, str, str]]:
    """(pillar id, name, verdict) of each heading; a long name continues on lines indented under itself."""
    joined = re.sub(r"\n {9}(?=\S)", " ", text)
    return re.findall(r"^CWE-(\d+)\s+(.+?) \.{3,} (.+)$", joined, flags=re.MULTILINE)


def test_text_lists_all_ten_pillars_in_cwe_order_with_verdicts():
    text = render("text", make_review())
    headers = pillar_headings(text)
    assert [int(h[0]) for h in headers] == [284, 435, 664, 682, 691, 693, 697, 703, 707, 710]
    assert [h[1] for h in headers] == [cwe.PILLARS[p] for p in PILLAR_ORDER]
    verdicts = {int(h[0]): h[2] for h in headers}
    assert verdicts[284] == "1 finding"
    assert verdicts[707] == "1 finding"
    assert verdicts[693] == "no defect found (1 check)"
    assert verdicts[435] == "not checked (no active rule)"


def test_text_header_and_verdict_lines():
    text = render("text", make_review())
    first = text.splitlines()[0]
    assert first == f"pillarscan {__version__} · security review of shop · 3 files, 1,912 lines · 0.31 s"
    assert "Verdict: 2 security defects (1 high, 1 medium) in 2 files; 1 of 10 pillars clean, 7 not checked." in text


def test_text_finding_shows_evidence_fix_and_flow():
    text = render("text", make_review(), width=120)  # wide enough for every row on one line
    block = text[text.index("CWE-707  Improper Neutralization"):text.index("CWE-710")]
    assert "HIGH     CWE-89 " + cwe.name(89) in block
    assert "shop/views.py:41 · confidence high · rule sql-injection" in block
    assert '41 │ cursor.execute(f"SELECT * FROM items' in block
    assert "Untrusted data is formatted into SQL" in block
    assert "Fix: Pass values as parameters" in block
    flow = [line.strip() for line in block.splitlines() if re.match(r"\s+shop/\w+\.py:\d+\s{2}", line)]
    assert len(flow) == 3
    assert flow[0].startswith("shop/views.py:37") and flow[0].endswith("(source: Flask query parameter)")
    assert flow[1].startswith("shop/helpers.py:12") and "return build(term)" in flow[1]
    assert flow[2].endswith("(sink: cursor.execute)")


def test_text_is_plain_unless_colour_is_asked_for():
    review = make_review()
    plain = render("text", review, color=False)
    coloured = render("text", review, color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(coloured)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_text_verbose_names_the_checks_of_each_pillar():
    quiet = render("text", make_review())
    loud = render("text", make_review(verbose=True))
    assert "checks: hardcoded-credential, permissive-umask" not in quiet
    assert "checks: hardcoded-credential, permissive-umask" in loud
    assert "checks: weak-hash" in loud


def test_text_reports_skipped_files_warnings_and_baseline():
    warning = Diagnostic("shop/huge.py", "nesting too deep to analyse", kind="warning")
    text = render("text", make_review(diagnostics=[SKIPPED, warning], baselined=3, baseline_path="base.json",
                                      notes=["ignored setting"]))
    assert "Skipped: 1 file (legacy/py2_tool.py:3: syntax error: Missing parentheses in call to 'print')." in text
    assert "Baseline: 3 known findings not shown (baseline base.json)." in text
    assert "shop/huge.py: nesting too deep to analyse" in text
    assert "ignored setting" in text


def test_text_lists_many_skipped_files_one_per_line_and_caps_them():
    many = [Diagnostic(f"old/f{i:02}.py", "syntax error") for i in range(14)]
    text = render("text", make_review(diagnostics=many))
    assert "Skipped: 14 files" in text
    assert "  old/f00.py: syntax error" in text and "  old/f09.py: syntax error" in text
    assert "old/f10.py" not in text
    assert "… and 4 more" in text
    assert "old/f13.py" in render("text", make_review(diagnostics=many, verbose=True))


# --- the verdict sentence ---------------------------------------------------------------------------------------

def test_verdict_clean_run_with_every_pillar_checked():
    every = {p: [f"check-{p}"] for p in PILLAR_ORDER}
    assert verdict(make_review(findings=(), checks=every)) == "no security defect found in 3 files; all 10 pillars clean."


def test_verdict_counts_severities_most_severe_first():
    every = {p: [f"check-{p}"] for p in PILLAR_ORDER}
    critical = Finding("x", 502, 664, Severity.CRITICAL, Confidence.HIGH, Location("a.py", 1), "s", "m", "f")
    low = Finding("y", 1339, 682, Severity.LOW, Confidence.LOW, Location("a.py", 2), "t", "m", "f")
    text = verdict(make_review(findings=(SQL, critical, low), checks=every))
    assert text == "3 security defects (1 critical, 1 high, 1 low) in 2 files; 7 of 10 pillars clean."


def test_verdict_when_nothing_could_be_analysed():
    review = make_review(findings=(), diagnostics=[SKIPPED])
    review.result.files_scanned = []
    assert verdict(review) == "nothing reviewed: no Python file could be analysed."


# --- JSON ------------------------------------------------------------------------------------------------------

def _report_schema() -> dict:
    text = resources.files("pillarscan.reports").joinpath("report-schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_json_matches_its_published_schema():
    data = json.loads(render("json", make_review(diagnostics=[SKIPPED], notes=["a note"])))
    jsonschema.Draft202012Validator(_report_schema()).validate(data)
    assert data["schema_version"] == "1.1"


def test_json_schema_rejects_a_broken_report():
    data = json.loads(render("json", make_review()))
    del data["findings"][0]["fingerprint"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_report_schema()).validate(data)


def test_json_finding_fields():
    data = json.loads(render("json", make_review(diagnostics=[SKIPPED])))
    by_rule = {f["rule_id"]: f for f in data["findings"]}
    sql = by_rule["sql-injection"]
    assert sql["cwe"] == 89 and sql["cwe_name"] == cwe.name(89)
    assert sql["pillar"] == 707 and sql["pillar_name"] == cwe.PILLARS[707]
    assert (sql["severity"], sql["confidence"]) == ("high", "high")
    assert sql["location"] == {"path": "shop/views.py", "line": 41, "column": 4, "end_line": 41, "end_column": 52}
    assert sql["fingerprint"] == SQL.fingerprint
    assert [(s["path"], s["line"], s["note"]) for s in sql["trace"]] == [
        ("shop/views.py", 37, "source: Flask query parameter"), ("shop/helpers.py", 12, "returned"),
        ("shop/views.py", 41, "sink: cursor.execute")]
    assert by_rule["hardcoded-credential"]["trace"] == []
    assert data["skipped"] == [{"path": "legacy/py2_tool.py", "reason": SKIPPED.reason, "line": 3}]
    assert data["files_scanned"] == ["shop/views.py", "shop/db.py", "shop/helpers.py"]


def test_json_summary_accounts_for_every_pillar():
    data = json.loads(render("json", make_review(baselined=2)))
    summary = data["summary"]
    assert [p["cwe"] for p in summary["pillars"]] == list(PILLAR_ORDER)
    status = {p["cwe"]: p["status"] for p in summary["pillars"]}
    assert status[707] == "findings" and status[693] == "clean" and status[691] == "not-checked"
    assert {p["cwe"]: p["checks"] for p in summary["pillars"]}[284] == ["hardcoded-credential", "permissive-umask"]
    assert summary["by_severity"] == {"critical": 0, "high": 1, "medium": 1, "low": 0}
    assert summary["findings"] == 2 and summary["baselined"] == 2
    assert summary["verdict"] == verdict(make_review())


# --- Markdown --------------------------------------------------------------------------------------------------

def test_markdown_pillar_table_has_ten_rows_in_order():
    md = render("markdown", make_review())
    rows = re.findall(r"^\| CWE-(\d+) \| (.+?) \| (.+?) \| (\d+) \|$", md, flags=re.MULTILINE)
    assert [int(r[0]) for r in rows] == list(PILLAR_ORDER)
    assert {int(r[0]): r[2] for r in rows}[707] == "❌ 1 finding"
    assert {int(r[0]): r[2] for r in rows}[693] == "✅ no defect found"
    assert {int(r[0]): r[3] for r in rows}[284] == "2"


def test_markdown_findings_have_code_blocks_traces_and_fixes():
    md = render("markdown", make_review(diagnostics=[SKIPPED]))
    assert "### CWE-707 Improper Neutralization" in md
    assert "```python\n41  cursor.execute(f\"SELECT * FROM items WHERE name = '{term}'\")\n```" in md
    assert re.search(r"^1\. `shop/views.py:37` `term = request.args\[\"q\"\]` — source: Flask query parameter$",
                     md, flags=re.MULTILINE)
    assert re.search(r"^3\. `shop/views.py:41`", md, flags=re.MULTILINE)
    assert "**Fix:** Pass values as parameters" in md
    assert "### Not analysed (1 file)" in md and "`legacy/py2_tool.py:3`" in md


def test_markdown_code_from_the_reviewed_file_cannot_break_out():
    sneaky = Finding("x", 95, 707, Severity.HIGH, Confidence.HIGH, Location("a.py", 3),
                     "s = '```'; t = '`' # <script>", "msg with *stars* and <b>html</b>", "fix")
    md = render("markdown", make_review(findings=(sneaky,)))
    assert "````python\n3  s = '```'; t = '`' # <script>\n````" in md
    assert "msg with \\*stars\\* and \\<b\\>html\\</b\\>" in md


# --- concise and GitHub annotations ------------------------------------------------------------------------------

def test_concise_is_one_line_per_finding_in_file_order_then_skipped_files_and_the_verdict():
    lines = render("concise", make_review(diagnostics=[SKIPPED])).splitlines()
    assert lines == [
        "shop/db.py:14:1: hardcoded-credential [CWE-798] A literal password is embedded in the source.",
        "shop/views.py:41:5: sql-injection [CWE-89] Untrusted data is formatted into SQL, so it can change the query.",
        "legacy/py2_tool.py: not analysed: syntax error: Missing parentheses in call to 'print'",
        "Verdict: 2 security defects (1 high, 1 medium) in 2 files; 1 of 10 pillars clean, 7 not checked.",
    ]
    matcher = re.compile(r"^(.+?):(\d+):(\d+): (\S+) \[(CWE-\d+)\] (.+)$")  # the documented problem matcher
    assert [bool(matcher.match(line)) for line in lines] == [True, True, False, False]


def test_concise_columns_count_characters_not_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "naïve.py").write_text('import hashlib\nlabel = "café"; hashlib.md5(label)\n', encoding="utf-8")
    line = 'label = "café"; hashlib.md5(label)'
    start = line.encode().index(b"hashlib")  # 17 bytes, 16 characters
    finding = Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH,
                      Location("naïve.py", 2, start, 2, start + 18), line, "MD5 is broken.", "Use sha256.")
    [first, _] = render("concise", make_review(findings=[finding])).splitlines()
    assert first.startswith("naïve.py:2:17: weak-hash [CWE-328]")


def _annotations(review: Review) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in render("github", review).splitlines():
        if line.startswith("::"):
            head, message = line[2:].split("::", 1)
            level, _, props = head.partition(" ")
            out.append((level, dict(p.split("=", 1) for p in props.split(",")), message))
    return out


def test_github_annotations_map_severity_to_level_and_carry_the_span(tmp_path):
    low = Finding("float-for-money", 1339, 682, Severity.LOW, Confidence.MEDIUM,
                  Location("shop/cart.py", 3, 8, 5, 2), "total = float(", "Floats drift.", "Use Decimal.")
    review = make_review(findings=[SQL, SECRET, low], source_root=str(tmp_path))
    annotations = {props["title"].split(" ")[0]: (level, props, msg) for level, props, msg in _annotations(review)}
    level, props, message = annotations["sql-injection"]
    assert level == "error" and props["file"].endswith("shop/views.py")
    assert (props["line"], props["col"], props["endColumn"]) == ("41", "5", "53")
    assert props["title"] == "sql-injection [CWE-89] (high%2C confidence high)"
    assert message.startswith("Untrusted data is formatted into SQL") and "%0AFix: Pass values" in message
    assert "%0AData flow: " in message and "views.py:37 → " in message
    assert annotations["hardcoded-credential"][0] == "warning"
    level, props, _ = annotations["float-for-money"]
    assert level == "notice" and props["endLine"] == "5" and "endColumn" not in props  # only on one line
    assert render("github", review).splitlines()[-1].startswith("pillarscan: 3 security defects")


@pytest.mark.parametrize("name", ["a,b.py", "x:y.py", "100%.py", "new\nline.py", "cr\rret.py",
                                  "::stop-commands::x.py", "%0A.py"])
def test_github_annotation_properties_and_messages_are_escaped(name):
    hostile = Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(name, 1, 0), "x",
                      f"MD5 in {name}: 100% broken,\nreally\r.", "Use sha256.")
    out = render("github", make_review(findings=[hostile]))
    assert len(out.splitlines()) == 2  # one annotation, one verdict: nothing could start a line of its own
    [(level, props, message)] = _annotations(make_review(findings=[hostile]))
    assert set(props) == {"file", "line", "col", "title"}  # no "," or ":" of the name split a property
    assert not re.search(r"%(?!25|0D|0A|3A|2C)", props["file"] + message)  # every % is an escape
    unescaped = props["file"].replace("%2C", ",").replace("%3A", ":").replace("%0D", "\r").replace("%0A", "\n") \
        .replace("%25", "%")
    assert unescaped.endswith(name.replace("\n", "\\x0a").replace("\r", "\\x0d"))  # safe_text's escapes, then ours
    assert "\n" not in message and "\r" not in message


def test_concise_keeps_one_line_per_finding_whatever_the_name():
    hostile = Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH,
                      Location("a\nVerdict: no security defect found\r.py", 2, 0), "x", "MD5\nis broken.", "f")
    lines = render("concise", make_review(findings=[hostile])).splitlines()
    assert len(lines) == 2 and lines[0].startswith("a\\x0aVerdict: no security defect found\\x0d.py:2:1: weak-hash")
    assert lines[1].startswith("Verdict: 1 security defect")


@pytest.mark.parametrize("path, shown", [("./nova/api.py", "nova/api.py"), ("nova//api.py", "nova/api.py"),
                                         ("./././a.py", "a.py"), ("../up/a.py", "../up/a.py"),
                                         ("<stdin>", "<stdin>"), (".", ".")])
def test_display_paths_are_normalised_without_changing_which_file(path, shown):
    from pillarscan.reports.places import display_path
    assert display_path(path) == shown


def test_display_paths_under_the_working_directory_are_relative(tmp_path):
    from pillarscan.reports.places import display_path
    assert display_path(str(tmp_path / "nova" / "api.py"), cwd=str(tmp_path)) == "nova/api.py"
    assert display_path("/elsewhere/api.py", cwd=str(tmp_path)) == "/elsewhere/api.py"
