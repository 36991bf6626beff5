"""SARIF 2.1.0 output: valid against the official schema (always), clean under Microsoft's validator (when it is
installed), and carrying what GitHub code scanning reads (CWE tags, security-severity, fingerprints, codeFlows).

To run the validator part locally:
    npm install --prefix /tmp/sarifval @microsoft/sarif-multitool
    SARIF_MULTITOOL_PREFIX=/tmp/sarifval .venv/bin/pytest tests/test_sarif.py
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest

from pillarscan.engine import ScanOptions, active_rules, scan
from pillarscan.findings import Confidence, Diagnostic, Finding, Location, ScanResult, Severity, TraceStep
from pillarscan.reports import Review, render
from pillarscan.reports.sarif import FINGERPRINT_KEY, rule_name, sentence
from pillarscan.rules.registry import Rule

SCHEMA_PATH = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"


VIEWS = ["import flask", *[""] * 35, '    name = request.args["file"]', "", "", "", "    return send_file(path)"]


def _review(root: Path, findings=None, diagnostics=None, rules=None) -> Review:
    (root / "app").mkdir(parents=True, exist_ok=True)
    (root / "app" / "views.py").write_text("\n".join(VIEWS) + "\n", encoding="utf-8")
    trace = (
        TraceStep(Location(str(root / "app" / "views.py"), 37, 11, 37, 31), 'name = request.args["file"]',
                  "source: Flask query parameter"),
        TraceStep(Location(str(root / "app" / "views.py"), 41, 11, 41, 26), "send_file(path)", "sink: file read"),
    )
    default_findings = [
        Finding("path-traversal", 22, 664, Severity.HIGH, Confidence.HIGH,
                Location(str(root / "app" / "views.py"), 41, 11, 41, 26), "return send_file(path)",
                "Untrusted data chooses a file path (from Flask query parameter, into flask.send_file)",
                "Use werkzeug.utils.safe_join.", "File path built from untrusted data", trace),
        Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(str(root / "app" / "a b.py"), 3, 0),
                "hashlib.md5(x)", "MD5 is broken.", "Use sha256.", "Weak hash"),
        Finding("not-in-rule-list", 1339, 682, Severity.LOW, Confidence.LOW, Location("<stdin>", 2, 4, None, None),
                "total = float(x)", "Floats drift", "Use Decimal", ""),
        # a span that is the whole line, and one over several lines: both shapes must stay valid
        Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(str(root / "w.py"), 1, 0, 1, 14),
                "hashlib.md5(x)", "MD5 is broken.", "Use sha256.", "Weak hash"),
        Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(str(root / "w.py"), 5, 4, 7, 1),
                "digest = hashlib.new(", "MD5 is broken.", "Use sha256.", "Weak hash"),
        Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(str(root / "w.py"), 9, 15, 9, 29),
                'nom = "é"; hashlib.md5(nom)', "MD5 is broken.", "Use sha256.", "Weak hash"),
    ]
    result = ScanResult(
        findings=default_findings if findings is None else findings,
        files_scanned=[str(root / "app" / "views.py")],
        lines_scanned=50,
        diagnostics=[Diagnostic(str(root / "old.py"), "syntax error: invalid syntax", line=3),
                     Diagnostic(str(root / "deep.py"), "nesting too deep to analyse", kind="warning")]
        if diagnostics is None else diagnostics,
        checks_by_pillar={664: ["path-traversal"], 693: ["weak-hash", "weak-cipher"]},
        targets=[str(root)],
    )
    default_rules = [
        Rule("path-traversal", 22, Severity.HIGH, Confidence.HIGH, "File path built from untrusted data",
             "Untrusted data chooses a file path", "Use safe_join", sink_kind="path"),
        Rule("weak-hash", 328, Severity.MEDIUM, Confidence.HIGH, "Weak hash", "MD5 is broken", "Use sha256"),
        Rule("weak-cipher", 327, Severity.HIGH, Confidence.MEDIUM, "Broken cipher", "DES is broken", "Use AES-GCM"),
    ]
    return Review(result=result, rules=default_rules if rules is None else rules, source_root=str(root),
                  notes=["baseline file ignored"])


@pytest.fixture
def sarif(tmp_path) -> dict:
    return json.loads(render("sarif", _review(tmp_path)))


def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_official_schema(sarif):
    errors = sorted(_schema_validator().iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_schema_check_is_not_vacuous(sarif):
    sarif["runs"][0]["results"][0]["level"] = "catastrophic"
    sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(_schema_validator().iter_errors(sarif))) >= 2


def _real_log() -> str:
    """The SARIF of a real review of the example service (real rules, real traces, real paths)."""
    shop = Path(__file__).resolve().parent.parent / "examples" / "shop"
    options = ScanOptions(jobs=1)
    review = Review(result=scan([str(shop)], options), rules=active_rules(options))
    return render("sarif", review)


def test_sarif_of_a_real_review_is_valid():
    log = json.loads(_real_log())
    assert log["runs"][0]["results"], "the example service has known defects"
    errors = list(_schema_validator().iter_errors(log))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_sarif_of_real_rules_and_an_empty_run_is_valid(tmp_path):
    review = _review(tmp_path, findings=[], diagnostics=[], rules=active_rules(ScanOptions()))
    log = json.loads(render("sarif", review))
    assert not list(_schema_validator().iter_errors(log))
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(active_rules(ScanOptions()))


def test_every_active_rule_has_a_descriptor_even_without_results(sarif):
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {"path-traversal", "weak-hash", "weak-cipher", "not-in-rule-list"}
    cipher = rules["weak-cipher"]
    assert cipher["name"] == "WeakCipher"
    assert cipher["shortDescription"]["text"] == "Broken cipher."
    assert cipher["fullDescription"]["text"] == "DES is broken."
    assert "Use AES-GCM." in cipher["help"]["text"] and "CWE-327" in cipher["help"]["markdown"]
    assert cipher["helpUri"] == "https://cwe.mitre.org/data/definitions/327.html"
    assert cipher["defaultConfiguration"]["level"] == "error"
    props = cipher["properties"]
    assert "security" in props["tags"] and "external/cwe/cwe-327" in props["tags"]
    assert props["security-severity"] == "8.0" and float(props["security-severity"]) >= 7.0
    assert props["precision"] == "medium"
    assert rules["weak-hash"]["properties"]["security-severity"] == "5.5"


def test_results_point_at_their_rule_and_location(sarif):
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].endswith(".")
    traversal = next(r for r in run["results"] if r["ruleId"] == "path-traversal")
    physical = traversal["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 41, "startColumn": 12, "endLine": 41, "endColumn": 27,
                                  "snippet": {"text": "send_file(path)"}}  # the flagged call, not the line
    assert physical["contextRegion"] == {"startLine": 41, "endLine": 41, "snippet": {"text": "return send_file(path)"}}
    assert traversal["level"] == "error"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    spaced = next(r for r in run["results"] if r["ruleId"] == "weak-hash")
    assert spaced["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/a%20b.py"
    assert spaced["level"] == "warning"


def test_traces_become_code_flows(sarif):
    traversal = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "path-traversal")
    steps = traversal["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [37, 41]
    assert steps[0]["location"]["physicalLocation"]["region"]["snippet"]["text"] == 'request.args["file"]'
    assert steps[0]["location"]["message"]["text"] == "source: Flask query parameter."
    assert "codeFlows" not in next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "weak-hash")


def test_fingerprints_are_ours_and_stable(tmp_path):
    first = json.loads(render("sarif", _review(tmp_path)))
    second = json.loads(render("sarif", _review(tmp_path)))
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in first["runs"][0]["results"]]
    assert prints == [r["partialFingerprints"][FINGERPRINT_KEY] for r in second["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)
    assert "primaryLocationLineHash" not in first["runs"][0]["results"][0]["partialFingerprints"]


def test_skipped_files_are_notifications_and_the_run_still_succeeded(sarif):
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    skipped = next(n for n in notes if n["descriptor"]["id"] == "file-not-analysed")
    assert skipped["level"] == "warning"
    assert skipped["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "old.py"
    assert skipped["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}
    assert "syntax error" in skipped["message"]["text"]
    assert sum(n["descriptor"]["id"] == "analysis-warning" for n in notes) == 2  # the warning and the run note
    declared = {d["id"] for d in sarif["runs"][0]["tool"]["driver"]["notifications"]}
    assert {n["descriptor"]["id"] for n in notes} <= declared


def test_paths_outside_the_root_become_absolute_file_uris(tmp_path):
    outside = tmp_path.parent / "elsewhere.py"
    finding = Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH, Location(str(outside), 1), "x",
                      "m", "f")
    log = json.loads(render("sarif", _review(tmp_path / "root", findings=[finding], diagnostics=[])))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.resolve().as_uri()}


def _weak_hash_at(path: Path, line: int, column: int, end_line: int, end_column: int, snippet: str) -> Finding:
    return Finding("weak-hash", 328, 693, Severity.MEDIUM, Confidence.HIGH,
                   Location(str(path), line, column, end_line, end_column), snippet, "m", "f")


def _region_of(tmp_path: Path, finding: Finding) -> dict:
    log = json.loads(render("sarif", _review(tmp_path, findings=[finding], diagnostics=[])))
    assert not list(_schema_validator().iter_errors(log))
    return log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]


def test_non_ascii_line_gets_character_columns_and_the_flagged_text(tmp_path):
    """Python's columns count UTF-8 bytes ("é" is two), SARIF's count characters: read back from the line."""
    source = tmp_path / "é.py"
    source.write_text('import hashlib\n\n\n  nom = "é"; hashlib.md5(nom)\n', encoding="utf-8")
    line = '  nom = "é"; hashlib.md5(nom)'
    start = line.encode().index(b"hashlib.md5")
    assert start == 14  # bytes; in characters it is 13
    physical = _region_of(tmp_path, _weak_hash_at(source, 4, start, 4, start + 16, line.strip()))
    assert physical["region"] == {"startLine": 4, "startColumn": 14, "endLine": 4, "endColumn": 30,
                                  "snippet": {"text": "hashlib.md5(nom)"}}
    assert physical["contextRegion"]["snippet"]["text"] == 'nom = "é"; hashlib.md5(nom)'
    assert physical["artifactLocation"]["uri"] == "%C3%A9.py"


def test_a_region_over_several_lines_holds_their_text(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import hashlib\nd = hashlib.new(\n    'md5',\n)  # ✓\n", encoding="utf-8")
    physical = _region_of(tmp_path, _weak_hash_at(source, 2, 4, 4, 1, "d = hashlib.new("))
    assert physical["region"] == {"startLine": 2, "startColumn": 5, "endLine": 4, "endColumn": 2,
                                  "snippet": {"text": "hashlib.new(\n    'md5',\n)"}}
    assert "contextRegion" not in physical


def test_without_the_line_a_non_ascii_region_is_the_whole_line(tmp_path):
    """The file is gone or no longer holds the reviewed line: byte columns cannot be turned into characters, so
    the region is the whole line, which is never wrong."""
    line = 'nom = "é"; hashlib.md5(nom)'
    missing = _region_of(tmp_path, _weak_hash_at(tmp_path / "gone.py", 4, 14, 4, 28, line))
    assert missing["region"] == {"startLine": 4, "endLine": 4, "snippet": {"text": line}}
    assert "contextRegion" not in missing
    edited = tmp_path / "edited.py"
    edited.write_text('\n\n\nnom = "éé"; hashlib.md5(nom)\n', encoding="utf-8")
    changed = _region_of(tmp_path, _weak_hash_at(edited, 4, 14, 4, 28, line))
    assert changed["region"] == {"startLine": 4, "endLine": 4, "snippet": {"text": line}}


def test_without_the_line_an_ascii_region_keeps_its_columns(tmp_path):
    physical = _region_of(tmp_path, _weak_hash_at(tmp_path / "gone.py", 3, 4, 3, 18, "x = hashlib.md5(b)"))
    assert physical["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 19}
    assert physical["contextRegion"] == {"startLine": 3, "endLine": 3, "snippet": {"text": "x = hashlib.md5(b)"}}


def test_the_real_review_regions_are_the_flagged_code(tmp_path):
    """Every region of a real review with columns and a snippet cuts its snippet out of the file at those
    columns, counted in characters."""
    log = json.loads(_real_log())
    root = Path(log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].removeprefix("file://"))
    checked = 0
    for result in log["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        if "endColumn" in region and region["startLine"] == region["endLine"]:
            lines = (root / physical["artifactLocation"]["uri"]).read_text(encoding="utf-8").splitlines()
            line = lines[region["startLine"] - 1]
            assert region["snippet"]["text"] == line[region["startColumn"] - 1:region["endColumn"] - 1]
            assert len(region["snippet"]["text"]) < len(line.strip()) or line.strip() == region["snippet"]["text"]
            checked += 1
    assert checked >= 10


def test_small_helpers():
    assert sentence("ends here") == "ends here." and sentence("done.") == "done."
    assert rule_name("sql-injection") == "SqlInjection"


# --- Microsoft's SARIF validator (optional: needs the npm package) -------------------------------------------

def _multitool() -> str | None:
    explicit = os.environ.get("SARIF_MULTITOOL")
    if explicit and os.access(explicit, os.X_OK):
        return explicit
    for prefix in filter(None, [os.environ.get("SARIF_MULTITOOL_PREFIX"), "/tmp/sarifval"]):
        for binary in glob.glob(os.path.join(prefix, "node_modules", "@microsoft", "sarif-multitool-*",
                                             "Sarif.Multitool")):
            if os.access(binary, os.X_OK):
                return binary
    return None


def test_microsoft_validator_reports_no_error_and_no_warning(tmp_path):
    tool = _multitool()
    if tool is None:
        pytest.skip("sarif-multitool not installed (npm install --prefix /tmp/sarifval @microsoft/sarif-multitool)")
    log_path = tmp_path / "pillarscan.sarif"
    log_path.write_text(render("sarif", _review(tmp_path)), encoding="utf-8")
    real_path = tmp_path / "shop.sarif"
    real_path.write_text(_real_log(), encoding="utf-8")
    out = tmp_path / "validation.sarif"
    proc = subprocess.run([tool, "validate", str(log_path), str(real_path), "--rule-kind", "Sarif;Gh", "--level", "Error;Warning",
                           "--output", str(out), "--log", "ForceOverwrite"], capture_output=True, text=True,
                          timeout=300)
    assert out.exists(), proc.stdout + proc.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    problems = [(r["ruleId"], r.get("level", "warning"), r["message"]) for r in results
                if r.get("level", "warning") in ("error", "warning")]
    assert not problems
    scanned = json.loads(out.read_text(encoding="utf-8"))["runs"][0].get("artifacts", [])
    assert len(scanned) >= 2 or "2 files" in proc.stdout, proc.stdout  # both logs were really validated
