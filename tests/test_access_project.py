"""Project-level rules (rules/project.py): facts gathered per file, cached with the file, settled per app."""

from __future__ import annotations

from pathlib import Path

from pillarscan.engine import ScanOptions, scan
from pillarscan.rules import project

LOGIN = '''
from flask import Flask, abort, request
from werkzeug.security import check_password_hash

from .db import find_user

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = find_user(request.form["username"])
    if not check_password_hash(user.password_hash, request.form["password"]):
        abort(401)
    return "welcome"
'''


def _logins(result) -> list[tuple[str, int]]:
    return sorted((Path(f.location.path).name, f.location.line) for f in result.findings
                  if f.rule_id == "login-without-rate-limit")


def test_reported_once_per_app_and_the_same_from_the_cache(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "a_views.py").write_text(LOGIN, encoding="utf-8")
    (app / "b_views.py").write_text(LOGIN.replace("/login", "/api/login"), encoding="utf-8")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    first = scan([str(app)], options)
    assert _logins(first) == [("a_views.py", 11)]
    again = scan([str(app)], options)  # every file's outcome comes from the cache now
    assert _logins(again) == _logins(first)


def test_a_limiter_in_another_file_of_the_app_clears_it_even_when_cached(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "views.py").write_text(LOGIN, encoding="utf-8")
    options = ScanOptions(jobs=1, cache_dir=str(tmp_path / "cache"))
    assert _logins(scan([str(app)], options))
    (app / "extensions.py").write_text("from flask_limiter import Limiter\nlimiter = Limiter(key_func=id)\n",
                                       encoding="utf-8")
    assert _logins(scan([str(app)], options)) == []


def test_apps_are_the_folders_with_a_project_marker(tmp_path):
    (tmp_path / "labs" / "one" / "pkg").mkdir(parents=True)
    (tmp_path / "labs" / "two").mkdir(parents=True)
    (tmp_path / "labs" / "one" / "requirements.txt").write_text("flask\n")
    roots = project.AppRoots([str(tmp_path)])
    assert roots.of(str(tmp_path / "labs" / "one" / "pkg" / "views.py")) == str(tmp_path / "labs" / "one")
    assert roots.of(str(tmp_path / "labs" / "two" / "views.py")) == str(tmp_path)  # no marker: the tree


def test_a_failure_gathering_facts_costs_a_warning_not_the_file(tmp_path, monkeypatch):
    def broken(ctx, active):
        raise ValueError("boom")

    monkeypatch.setattr(project, "file_facts", broken)
    path = tmp_path / "views.py"
    path.write_text(LOGIN + "\nimport pickle\npickle.loads(request.data)\n", encoding="utf-8")
    result = scan([str(path)], ScanOptions(jobs=1))
    assert any("project-level facts" in d.reason for d in result.diagnostics)
    assert not _logins(result)
    assert result.findings  # the file's other findings stand
