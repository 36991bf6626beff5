"""A hostile repository's own configuration: it may tune what is reported, never where pillarscan reads or writes,
and a change under review cannot weaken its own review."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pillarscan.cli import main
from review_repo import Repo, needs_git

VULNERABLE = "import os\n\n\ndef run():\n    os.system(input())\n"  # expect: CWE-78 at line 5


def _scan(args: list[str], capsys, monkeypatch, cwd: Path) -> tuple[int, dict | None, str]:
    monkeypatch.chdir(cwd)
    code = main(["scan", *args, "--format", "json", "--no-progress"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _cwes(report: dict) -> set[int]:
    return {finding["cwe"] for finding in report["findings"]}


def _tree(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True, exist_ok=True)  # a repository root: discovery stops here
    (root / "app.py").write_text(VULNERABLE)
    (root / "pyproject.toml").write_text("[tool.pillarscan]\n" + config)
    return root


def test_a_found_cache_dir_is_ignored_with_a_warning(tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "victim"
    root = _tree(tmp_path, f'cache-dir = "{elsewhere}"\n')
    monkeypatch.setenv("PILLARSCAN_CACHE_HOME", str(tmp_path / "user-cache"))
    code, report, err = _scan(["."], capsys, monkeypatch, root)
    assert code == 1 and 78 in _cwes(report)
    assert "cache-dir ignored" in err
    assert not elsewhere.exists(), "a cache-dir from the reviewed tree must never be written"


def test_found_baseline_and_models_must_stay_inside_the_repository(tmp_path, capsys, monkeypatch):
    secret = tmp_path / "outside.toml"
    secret.write_text("[[sanitizer]]\ncall = 'os.system'\nkinds = ['command']\n# TOP-SECRET-TOKEN\n")
    for config in (f'models = ["{secret}"]\n', 'models = ["../outside.toml"]\n', f'baseline = "{secret}"\n'):
        root = _tree(tmp_path, config)
        code, report, err = _scan(["."], capsys, monkeypatch, root)
        assert code == 2 and report is None
        assert "outside the repository" in err
        assert "TOP-SECRET-TOKEN" not in err


def test_a_symlink_inside_the_repository_cannot_smuggle_a_model_from_outside(tmp_path, capsys, monkeypatch):
    outside = tmp_path / "outside.toml"
    outside.write_text("[[sanitizer]]\ncall = 'os.system'\nkinds = ['command']\n")
    root = _tree(tmp_path, 'models = ["security/models.toml"]\n')
    (root / "security").mkdir()
    (root / "security" / "models.toml").symlink_to(outside)
    code, _, err = _scan(["."], capsys, monkeypatch, root)
    assert code == 2 and "outside the repository" in err


def test_models_inside_the_repository_still_work(tmp_path, capsys, monkeypatch):
    root = _tree(tmp_path, 'models = ["security/models.toml"]\n')
    (root / "security").mkdir()
    (root / "security" / "models.toml").write_text("[[source]]\ncall = 'app.secrets.fetch'\n")
    code, report, _ = _scan(["."], capsys, monkeypatch, root)
    assert code == 1 and 78 in _cwes(report)


def test_isolated_and_dev_null_ignore_a_config_that_disables_pillars(tmp_path, capsys, monkeypatch):
    root = _tree(tmp_path, 'disable-pillars = ["CWE-707"]\nexclude = ["app.py"]\n')
    code, report, _ = _scan(["."], capsys, monkeypatch, root)
    assert code in (0, 2) and (report is None or 78 not in _cwes(report)), "the tree's config is honoured by default"
    for flags in (["--isolated"], ["--config", os.devnull]):
        code, report, err = _scan([".", *flags], capsys, monkeypatch, root)
        assert code == 1, err
        assert 78 in _cwes(report)


@needs_git
def test_a_change_cannot_weaken_its_own_review(tmp_path, capsys, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write("pyproject.toml", '[project]\nname = "x"\n\n[tool.pillarscan]\nmin-severity = "low"\n')
    repo.write("lib.py", "X = 1\n")
    repo.commit("base")
    # The change adds a command injection and, in the same commit, a configuration that would hide it.
    repo.write("pyproject.toml", '[project]\nname = "x"\n\n[tool.pillarscan]\ndisable-pillars = ["CWE-707"]\n'
               'exclude = ["tool.py"]\nmin-severity = "critical"\n')
    repo.write("tool.py", VULNERABLE)
    repo.commit("innocent refactor")
    for args in (["HEAD~1..HEAD"], ["HEAD~1"]):
        code, out, err = repo.review(*args, "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
        report = json.loads(out)
        assert code == 1, err
        assert any(f["cwe"] == 78 and f["location"]["path"].endswith("tool.py") for f in report["findings"])
        edits = [d for d in report["warnings"] if d["path"] == "pyproject.toml"]
        assert edits and "configuration" in edits[0]["reason"], "the config edit is listed in the review"
    # The same edit in the working tree (not committed): HEAD's settings govern.
    repo.git("reset", "-q", "--soft", "HEAD~1")
    code, out, err = repo.review("--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1, err
    assert any(f["cwe"] == 78 for f in json.loads(out)["findings"])
    # With --config, the user's own file decides, whatever either side says.
    mine = tmp_path / "mine.toml"
    mine.write_text('disable-pillars = ["CWE-707"]\n')
    code, out, _ = repo.review("--config", str(mine), "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    assert not any(f["cwe"] == 78 for f in json.loads(out)["findings"])


@needs_git
def test_model_files_are_read_at_the_base_revision(tmp_path, capsys, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write("pyproject.toml", '[tool.pillarscan]\nmodels = ["security/models.toml"]\n')
    repo.write("security/models.toml", "[[sink]]\ncall = 'shop.audit.run_report'\nkind = 'command'\nargs = [0]\n")
    repo.write("shop/__init__.py", "")
    repo.write("shop/audit.py", "def run_report(query):\n    return query\n")
    repo.commit("base")
    # The change routes user input into the project's own sink, and edits the model to drop that sink.
    repo.write("security/models.toml", "# nothing to see\n")
    repo.write("shop/job.py", "from shop.audit import run_report\n\n\ndef job():\n    run_report(input())\n")
    repo.commit("job")
    code, out, err = repo.review("HEAD~1..HEAD", "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    report = json.loads(out)
    assert code == 1, err
    assert any(f["location"]["path"] == "shop/job.py" and f["location"]["line"] == 5 for f in report["findings"])
    assert any(d["path"] == "security/models.toml" for d in report["warnings"])
