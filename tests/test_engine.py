"""The engine's own promises: faulty rules do not stop a scan, suppressions and thresholds work, traces are whole."""

from __future__ import annotations

import ast
from pathlib import Path

from pillarscan.engine import ScanOptions, run_pattern_rules, scan
from pillarscan.findings import Confidence, Severity
from pillarscan.python.context import ModuleContext
from pillarscan.rules.registry import Hit, Rule

VULNERABLE = '''\
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args.get("name")
    query = "SELECT * FROM users WHERE name = '%s'" % name
    conn = sqlite3.connect("db.sqlite")
    try:
        return str(conn.execute(query).fetchall()){suffix}
    finally:
        conn.close()
'''


def _write(tmp_path: Path, suffix: str = "") -> Path:
    path = tmp_path / "app.py"
    path.write_text(VULNERABLE.replace("{suffix}", suffix), encoding="utf-8")
    return path


def test_a_rule_that_raises_becomes_a_warning_and_other_rules_still_run() -> None:
    tree = ast.parse("x = 1\ny = 2\n")
    ctx = ModuleContext.build("m.py", tree, ["x = 1", "y = 2"], "m")

    def explode(node, ctx):
        raise ValueError("boom")
        yield  # pragma: no cover

    def every_assign(node, ctx):
        yield Hit(node)

    bad = Rule("bad-rule", 710, Severity.LOW, Confidence.LOW, "t", "m", "f", (ast.Assign,), explode)
    good = Rule("good-rule", 710, Severity.LOW, Confidence.LOW, "t", "m", "f", (ast.Assign,), every_assign)
    findings = run_pattern_rules(ctx, [bad, good])
    assert [f.location.line for f in findings] == [1, 2]
    assert len(ctx.rule_errors) == 1 and "bad-rule" in ctx.rule_errors[0] and "boom" in ctx.rule_errors[0]


def test_sql_injection_trace_runs_from_source_to_sink(tmp_path: Path) -> None:
    result = scan([str(_write(tmp_path))], ScanOptions(jobs=1))
    sql = [f for f in result.findings if f.cwe == 89]
    assert len(sql) == 1
    finding = sql[0]
    assert finding.location.line == 13
    assert finding.trace[0].note.startswith("source:") and finding.trace[0].location.line == 9
    assert finding.trace[-1].note.startswith("sink:") and finding.trace[-1].location.line == 13
    assert [s.location.line for s in finding.trace] == sorted(s.location.line for s in finding.trace)


def test_inline_suppression_by_rule_and_by_cwe(tmp_path: Path) -> None:
    for comment in ("  # pillarscan: ignore[sql-injection]", "  # pillarscan: ignore[CWE-89]", "  # pillarscan: ignore"):
        result = scan([str(_write(tmp_path, comment))], ScanOptions(jobs=1))
        assert not [f for f in result.findings if f.cwe == 89], comment
    other = scan([str(_write(tmp_path, "  # pillarscan: ignore[command-injection]"))], ScanOptions(jobs=1))
    assert [f.cwe for f in other.findings if f.cwe == 89] == [89]


def test_thresholds_drop_findings_below_them(tmp_path: Path) -> None:
    path = str(_write(tmp_path))
    assert any(f.cwe == 89 for f in scan([path], ScanOptions(jobs=1)).findings)
    assert not scan([path], ScanOptions(jobs=1, min_severity=Severity.CRITICAL)).findings


def test_constant_into_a_sink_is_not_an_injection(tmp_path: Path) -> None:
    path = tmp_path / "const.py"
    path.write_text('import os\nCMD = "ls -l"\nos.system(CMD)\nos.system("echo " + CMD)\n', encoding="utf-8")
    result = scan([str(path)], ScanOptions(jobs=1))
    assert not [f for f in result.findings if f.cwe == 78]


def test_user_models_add_sources_and_sinks_for_in_house_apis(tmp_path: Path) -> None:
    code = tmp_path / "report.py"
    code.write_text(
        "from acme.web import param\n"
        "from acme.db import run_query\n"
        "\n"
        "def report():\n"
        "    region = param('region')\n"
        "    return run_query('SELECT * FROM sales WHERE region = ' + region)\n",
        encoding="utf-8",
    )
    models = tmp_path / "acme.toml"
    models.write_text(
        '[[source]]\ncall = "acme.web.param"\ndesc = "ACME request parameter"\n\n'
        '[[sink]]\ncall = "acme.db.run_query"\nkind = "sql"\nargs = [0]\n',
        encoding="utf-8",
    )
    assert not scan([str(code)], ScanOptions(jobs=1)).findings
    found = scan([str(code)], ScanOptions(jobs=1, extra_models=(str(models),))).findings
    assert [(f.cwe, f.location.line) for f in found] == [(89, 6)]
    assert found[0].trace[0].note == "source: ACME request parameter"


def test_a_function_over_the_budget_is_reported_not_followed(tmp_path: Path, monkeypatch) -> None:
    from pillarscan.python.flow import function

    monkeypatch.setattr(function, "MAX_STATEMENTS", 50)
    body = "".join(f"    x{i} = {i}\n" for i in range(100))
    path = tmp_path / "big.py"
    path.write_text("import os\n\ndef big():\n" + body + "    os.system(input())\n\ndef small():\n"
                    "    os.system(input())\n", encoding="utf-8")
    result = scan([str(path)], ScanOptions(jobs=1))
    warnings = [d.reason for d in result.diagnostics if d.kind == "warning"]
    assert any("function big exceeds the analysis budget" in w for w in warnings), warnings
    assert [f.location.line for f in result.findings if f.cwe == 78] == [107]  # small(), not big()


def test_naming_a_package_folder_keeps_its_absolute_imports(tmp_path):
    """`pillarscan scan shop`, where shop/ is a package whose modules say `from shop import db`: the module names
    must be shop.db and shop.views (as the code sees them), or the cross-module flow is lost."""
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "__init__.py").write_text("")
    (shop / "db.py").write_text(
        "import sqlite3\n\n\ndef find(term):\n"
        "    return sqlite3.connect('s.db').execute(f\"SELECT * FROM items WHERE name = '{term}'\")\n")
    (shop / "views.py").write_text(
        "from flask import Flask, request\n\nfrom shop import db\n\napp = Flask(__name__)\n\n\n"
        "@app.route('/search')\ndef search():\n    return str(db.find(request.args['q']))\n")
    for target in (shop, tmp_path):
        findings = scan([str(target)], ScanOptions(jobs=1)).findings
        flows = [f for f in findings if f.rule_id == "sql-injection"]
        assert [(Path(f.location.path).name, f.location.line) for f in flows] == [("db.py", 5)], target
        assert Path(flows[0].trace[0].location.path).name == "views.py"
