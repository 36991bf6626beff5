"""Which files a directory walk reviews: default skips, .gitignore files, --exclude globs."""

from __future__ import annotations

from pathlib import Path

from pillarscan.inputs.files import collect


def _rels(files) -> list[str]:
    return sorted(f.rel for f in files)


def test_default_skips_and_virtualenvs(tmp_path: Path) -> None:
    for rel in ("app.py", ".git/hook.py", "node_modules/x.py", "build/gen.py", "venv/lib.py", "src/mod.py",
                "custom_env/lib/site.py"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "custom_env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not python\n", encoding="utf-8")
    files, diags = collect([str(tmp_path)])
    assert _rels(files) == ["app.py", "src/mod.py"]
    assert not diags


def test_gitignore_root_and_nested(tmp_path: Path) -> None:
    for rel in ("keep.py", "generated/out.py", "pkg/keep.py", "pkg/local_only.py", "pkg/sub/deep.py"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("generated/\n# comment\n", encoding="utf-8")
    (tmp_path / "pkg" / ".gitignore").write_text("local_only.py\nsub/\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    assert _rels(files) == ["keep.py", "pkg/keep.py"]


def test_exclude_globs_match_paths_and_names(tmp_path: Path) -> None:
    for rel in ("a.py", "tests/test_a.py", "migrations/0001_initial.py", "pkg/settings_local.py"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)], excludes=("tests", "migrations/*", "*_local.py"))
    assert _rels(files) == ["a.py"]


def test_an_explicit_file_is_always_reviewed(tmp_path: Path) -> None:
    script = tmp_path / "deploy"
    script.write_text("#!/usr/bin/env python3\nx = 1\n", encoding="utf-8")
    files, diags = collect([str(script)])
    assert [f.path for f in files] == [str(script)] and not diags
