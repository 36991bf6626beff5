"""Which files a directory walk reviews: default skips, virtualenvs, .gitignore files, --exclude globs, shebang
scripts, symbolic links (followed once, loops reported) and paths that cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pillarscan.inputs import files as files_module
from pillarscan.inputs.files import collect


def _rels(files) -> list[str]:
    return sorted(f.rel for f in files)


def _make(root: Path, *rels: str, text: str = "x = 1\n") -> None:
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_default_skips_and_virtualenvs(tmp_path: Path) -> None:
    _make(tmp_path, "app.py", ".git/hook.py", "node_modules/x.py", "build/gen.py", "venv/lib.py", "src/mod.py",
          "custom_env/lib/site.py", "old_env/lib/site.py", "pkg.egg-info/x.py", "__pycache__/m.py")
    (tmp_path / "custom_env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    _make(tmp_path, "old_env/bin/activate", text="# virtualenv without pyvenv.cfg\n")
    (tmp_path / "notes.txt").write_text("not python\n", encoding="utf-8")
    files, diags = collect([str(tmp_path)])
    assert _rels(files) == ["app.py", "src/mod.py"]
    assert not diags


def test_rel_is_relative_to_the_scan_root_and_paths_keep_the_target_prefix(tmp_path: Path) -> None:
    _make(tmp_path, "pkg/sub/mod.py")
    files, _ = collect([str(tmp_path / "pkg")])
    assert [(f.path, f.rel) for f in files] == [(str(tmp_path / "pkg" / "sub" / "mod.py"), "sub/mod.py")]


def test_gitignore_root_and_nested(tmp_path: Path) -> None:
    _make(tmp_path, "keep.py", "generated/out.py", "pkg/keep.py", "pkg/local_only.py", "pkg/sub/deep.py")
    (tmp_path / ".gitignore").write_text("generated/\n# comment\n", encoding="utf-8")
    (tmp_path / "pkg" / ".gitignore").write_text("local_only.py\nsub/\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    assert _rels(files) == ["keep.py", "pkg/keep.py"]


def test_a_deeper_gitignore_can_reinclude_what_a_shallower_one_ignores(tmp_path: Path) -> None:
    _make(tmp_path, "a/gen_table.py", "a/gen_keep.py", "b/gen_other.py")
    (tmp_path / ".gitignore").write_text("gen_*.py\n", encoding="utf-8")
    (tmp_path / "a" / ".gitignore").write_text("!gen_keep.py\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    assert _rels(files) == ["a/gen_keep.py"]


def test_gitignore_files_above_the_target_count_up_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*_pb2.py\n/src/vendored/\n", encoding="utf-8")
    _make(tmp_path, "src/app.py", "src/api_pb2.py", "src/vendored/lib.py")
    files, _ = collect([str(tmp_path / "src")])
    assert _rels(files) == ["app.py"]
    # Naming an ignored folder explicitly reviews it: the request beats the ignore file.
    files, _ = collect([str(tmp_path / "src" / "vendored")])
    assert _rels(files) == ["lib.py"]


def test_outside_a_repository_parent_gitignores_do_not_apply(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n", encoding="utf-8")  # no .git here: not a work tree
    _make(tmp_path, "project/app.py")
    files, _ = collect([str(tmp_path / "project")])
    assert _rels(files) == ["app.py"]


def test_exclude_globs_match_paths_and_names(tmp_path: Path) -> None:
    _make(tmp_path, "a.py", "tests/test_a.py", "migrations/0001_initial.py", "pkg/settings_local.py",
          "pkg/docs/conf.py")
    files, _ = collect([str(tmp_path)], excludes=("tests", "migrations/*", "*_local.py", "pkg/docs/"))
    assert _rels(files) == ["a.py"]


def test_an_explicit_file_is_always_reviewed(tmp_path: Path) -> None:
    script = tmp_path / "deploy"
    script.write_text("#!/usr/bin/env python3\nx = 1\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("deploy\n", encoding="utf-8")
    files, diags = collect([str(script)], excludes=("deploy",))
    assert [f.path for f in files] == [str(script)] and not diags


def test_python_shebang_scripts_are_found_in_a_walk(tmp_path: Path) -> None:
    (tmp_path / "manage").write_text("#!/usr/bin/env python3\nx = 1\n", encoding="utf-8")
    (tmp_path / "run").write_text("#!/bin/sh\necho hi\n", encoding="utf-8")
    (tmp_path / "Makefile").write_text("all:\n\ttrue\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    assert _rels(files) == ["manage"]


def test_a_file_reached_twice_is_reviewed_once(tmp_path: Path) -> None:
    _make(tmp_path, "pkg/mod.py")
    os.symlink("pkg/mod.py", tmp_path / "alias.py")
    files, _ = collect([str(tmp_path), str(tmp_path / "pkg" / "mod.py")])
    assert len(files) == 1


def test_symlinked_folders_are_followed_once_and_loops_reported(tmp_path: Path) -> None:
    _make(tmp_path, "real/mod.py", "outside/lib.py")
    os.symlink("real", tmp_path / "again")  # second route to a folder already walked
    os.symlink("..", tmp_path / "real" / "up")  # a loop back to the root
    os.symlink(tmp_path / "real", tmp_path / "real" / "self")  # a loop to itself
    files, diags = collect([str(tmp_path)])
    # Walked in name order: "again" is the first route into the folder, "real" the second.
    assert _rels(files) == ["again/mod.py", "outside/lib.py"]
    reasons = {os.path.relpath(d.path, tmp_path): (d.reason, d.kind) for d in diags}
    root = os.path.realpath(tmp_path)
    assert reasons == {
        "again/up": (f"symbolic link loop (points back to {root}); not followed", "skipped"),
        "again/self": (f"symbolic link loop (points back to {root}/real); not followed", "skipped"),
        "real": ("folder already scanned by another path (a symbolic link); not scanned twice", "warning"),
    }


def test_broken_links_link_loops_and_special_files_are_reported(tmp_path: Path) -> None:
    _make(tmp_path, "ok.py")
    os.symlink("missing.py", tmp_path / "dangling.py")
    os.symlink("loop_b.py", tmp_path / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "loop_b.py")
    os.mkfifo(tmp_path / "pipe.py")
    os.symlink("gone", tmp_path / "not_python")  # not named like Python: no noise about it
    files, diags = collect([str(tmp_path)])
    assert _rels(files) == ["ok.py"]
    assert sorted((Path(d.path).name, d.reason) for d in diags) == [
        ("dangling.py", "broken symbolic link (its target does not exist)"),
        ("loop_a.py", "symbolic link loop"),
        ("loop_b.py", "symbolic link loop"),
        ("pipe.py", "not a regular file (a FIFO)"),
    ]


def test_bad_explicit_targets(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    os.symlink("nowhere", tmp_path / "dangling")
    targets = [str(tmp_path / "missing.py"), str(tmp_path / "pipe"), str(tmp_path / "dangling")]
    files, diags = collect(targets)
    assert not files
    assert [d.reason for d in diags] == ["no such file or directory", "not a regular file (a FIFO)",
                                         "broken symbolic link (its target does not exist)"]


def test_an_unreadable_folder_is_reported_and_the_walk_goes_on(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 hides nothing: the refusal is simulated at the scandir call.
    _make(tmp_path, "a.py", "locked/secret.py", "z/last.py")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(files_module.os, "scandir", scandir)
    files, diags = collect([str(tmp_path)])
    assert _rels(files) == ["a.py", "z/last.py"]
    assert [(Path(d.path).name, d.reason) for d in diags] == [("locked", "cannot read directory: Permission denied")]
