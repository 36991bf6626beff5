"""Excludes as users expect them: gitignore patterns, the configuration's anchored at its own folder, the command
line's at the current one, so the same files are left out however the tree is named."""

from __future__ import annotations

import json
from pathlib import Path

from pillarscan import cli


def _tree(root: Path) -> None:
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.pillarscan]\nexclude = ["app/generated/", "tests", "/app/top.py"]\n')
    for rel in ("app/main.py", "app/top.py", "app/generated/pb2.py", "app/tests/test_main.py", "app/legacy/old.py",
                "app/sub/app/top.py", "app/sub/generated/kept.py", "tests/test_root.py", "tools/run.py"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("X = 1\n")


def _files(capsys, monkeypatch, cwd: Path, *args: str) -> set[str]:
    monkeypatch.chdir(cwd)
    assert cli.main(["scan", *args, "--no-cache", "--format", "json", "--exclude", "legacy"]) == 0
    report = json.loads(capsys.readouterr().out)
    return {str((cwd / p).resolve()) for p in report["files_scanned"]}


def test_the_same_files_however_the_tree_is_named(tmp_path, capsys, monkeypatch):
    root = tmp_path / "repo"
    _tree(root)
    app = root / "app"
    expected = {str((root / rel).resolve()) for rel in ("app/main.py", "app/sub/app/top.py",
                                                        "app/sub/generated/kept.py")}
    assert _files(capsys, monkeypatch, root, "app") == expected
    assert _files(capsys, monkeypatch, app, ".") == expected
    assert _files(capsys, monkeypatch, root, str(app)) == expected
    whole = _files(capsys, monkeypatch, root, ".")
    assert whole == expected | {str((root / "tools/run.py").resolve())}
