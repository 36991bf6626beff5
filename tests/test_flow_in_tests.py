"""Test code gets pattern checks but, by default, no data-flow analysis: a test's "request" is a fixture, and
following its flows cost about as much as the application's own on a large tree (Semgrep leaves ``tests/`` out
altogether). ``--flow-in-tests`` / ``flow-in-tests = true`` follows them too."""

from __future__ import annotations

import json
from pathlib import Path

from pillarscan import cli
from pillarscan.cache import fingerprint
from pillarscan.config import FileConfig, LoadedConfig, merge
from pillarscan.engine import ScanOptions, scan
from pillarscan.rules.registry import all_rules

VIEW = '''\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    name = request.args.get("name", "")
    db = sqlite3.connect("app.db")
    return str(db.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())
'''


def tree(root: Path) -> Path:
    for rel in ("app/views.py", "tests/test_views.py", "app/conftest.py"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(VIEW, encoding="utf-8")
    return root


def sql_paths(result) -> list[str]:
    return sorted(Path(f.location.path).relative_to(result.targets[0]).as_posix()
                  for f in result.findings if f.cwe == 89)


def test_flows_in_test_code_are_not_followed_by_default_but_the_files_are_scanned(tmp_path):
    root = tree(tmp_path)
    result = scan([str(root)], ScanOptions(jobs=1))
    assert sql_paths(result) == ["app/views.py"]
    assert len(result.files_scanned) == 3 and result.flow_skipped_tests == 2


def test_flow_in_tests_follows_them(tmp_path):
    root = tree(tmp_path)
    result = scan([str(root)], ScanOptions(jobs=1, flow_in_tests=True))
    assert sql_paths(result) == ["app/conftest.py", "app/views.py", "tests/test_views.py"]
    assert result.flow_skipped_tests == 0


def test_the_reports_say_what_was_not_followed(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tree(tmp_path))
    cli.main(["scan", ".", "--isolated", "--no-cache", "--jobs", "1", "--format", "json", "--no-progress"])
    assert json.loads(capsys.readouterr().out)["summary"]["flow_skipped_test_files"] == 2
    cli.main(["scan", ".", "--isolated", "--no-cache", "--jobs", "1", "--flow-in-tests", "--format", "json",
              "--no-progress"])
    assert "flow_skipped_test_files" not in json.loads(capsys.readouterr().out)["summary"]
    cli.main(["scan", ".", "--isolated", "--no-cache", "--jobs", "1", "--no-progress"])
    assert "Tests: data flow not followed in 2 test files (--flow-in-tests follows it)." in capsys.readouterr().out


def test_the_setting_comes_from_the_configuration_and_keys_the_cache():
    rules = all_rules()
    assert merge(LoadedConfig(None, FileConfig.model_validate({"flow-in-tests": True})), rules).flow_in_tests
    assert not merge(LoadedConfig(None, FileConfig()), rules).flow_in_tests
    assert merge(LoadedConfig(None, FileConfig.model_validate({"flow-in-tests": True})), rules,
                 flow_in_tests=False).flow_in_tests is False
    assert fingerprint(["r"], (), 10, flow_in_tests=True) != fingerprint(["r"], (), 10, flow_in_tests=False)
