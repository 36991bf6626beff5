"""Finding the files of a hostile tree: links never lead outside it, every file is reviewed under its real name
however git or the file system spells it, and the repository's ignore files cannot hang the walk."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from pillarscan import cli
from pillarscan.inputs.files import MAX_IGNORE_PATTERNS, collect
from review_repo import Repo, needs_git

SECRET = "ghp_OUTSIDE0123456789abcdefOUTSIDE0123"
VULNERABLE = "import os\n\n\ndef run():\n    os.system(input())\n"
ODD_NAMES = ['quote"d.py', "back\\slash.py", "tab\tname.py", "new\nline.py", "esc\x1b[31mname.py", "spa ce.py"]
NON_UTF8 = b"caf\xe9.py"
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux file system (any byte in names)")


def _outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keys.py").write_text(f'TOKEN = "{SECRET}"\nimport os\nos.system(input())\n')
    return folder


def _scan(cwd: Path, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = cli.main(["scan", *args, "--no-cache"])
    out, err = capsys.readouterr()
    return code, out, err


def test_links_out_of_the_tree_are_not_followed(tmp_path, monkeypatch, capsys):
    outside = _outside(tmp_path)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "app.py").write_text(VULNERABLE)
    (tree / "leak.py").symlink_to(outside / "keys.py")
    (tree / "vendor").symlink_to(outside, target_is_directory=True)
    (tree / "system").symlink_to("/", target_is_directory=True)
    (tree / "script").symlink_to(outside / "keys.py")  # extensionless: not even its shebang is read
    (tree / "inner").mkdir()
    (tree / "inner" / "ok.py").write_text(VULNERABLE)
    (tree / "alias.py").symlink_to(tree / "inner" / "ok.py")  # inside the tree: fine, reviewed once
    started = time.monotonic()
    for fmt in ("json", "text", "sarif", "markdown", "github", "gitlab", "gerrit"):
        code, out, _ = _scan(tree, monkeypatch, capsys, ".", "--format", fmt)
        assert code == 1 and SECRET not in out and "keys.py" not in out.replace("leak.py", "")
    assert time.monotonic() - started < 60, "a link to / must not make the walk descend into the system"
    _, out, _ = _scan(tree, monkeypatch, capsys, ".", "--format", "json")
    report = json.loads(out)
    scanned = sorted(report["files_scanned"])
    assert "app.py" in scanned and len(scanned) == 2, "no './' prefix, no file from outside"
    assert len({"alias.py", "inner/ok.py"} & set(scanned)) == 1, "a link inside the tree: its file, reviewed once"
    skipped = {d["path"]: d["reason"] for d in report["skipped"]}
    for link in ("leak.py", "vendor", "system"):
        assert "outside the scanned tree" in skipped[link]
    sources, _ = collect([str(outside)])
    assert sources, "a folder the user names is the user's choice and is walked"


@linux_only
def test_every_odd_name_is_reviewed_by_scan(tmp_path, monkeypatch, capsys):
    for name in ODD_NAMES:
        (tmp_path / name).write_text(VULNERABLE)
    with open(bytes(tmp_path) + b"/" + NON_UTF8, "w") as fh:
        fh.write(VULNERABLE)
    _, out, _ = _scan(tmp_path, monkeypatch, capsys, ".", "--format", "json")
    flagged = {f["location"]["path"] for f in json.loads(out)["findings"] if f["cwe"] == 78}
    assert set(ODD_NAMES) <= flagged
    assert "caf\\xe9.py" in flagged, "a name that is not UTF-8 is reviewed, shown with its byte escaped"


@needs_git
@linux_only
@pytest.mark.parametrize("side", ["range", "staged", "worktree"])
def test_every_odd_name_is_reviewed_by_review(tmp_path, capsys, monkeypatch, side):
    repo = Repo(tmp_path / "repo")
    repo.write("base.py", "X = 1\n")
    repo.commit("base")
    for name in ODD_NAMES:
        repo.write(name, VULNERABLE)
    with open(bytes(repo.root) + b"/" + NON_UTF8, "w") as fh:
        fh.write(VULNERABLE)
    args: list[str] = []
    if side == "range":
        repo.commit("odd names")
        args = ["HEAD~1..HEAD"]
    elif side == "staged":
        repo.git("add", "-A")
        args = ["--staged"]
    code, out, err = repo.review(*args, "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1, err
    report = json.loads(out)
    flagged = {f["location"]["path"] for f in report["findings"] if f["cwe"] == 78}
    assert set(ODD_NAMES) <= flagged, sorted(flagged)
    assert "caf\\xe9.py" in flagged
    assert not [d for d in report["skipped"] if "not a Python file" in d["reason"]]


@needs_git
def test_option_shaped_revisions_are_refused(tmp_path, capsys, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write("a.py", "X = 1\n")
    repo.commit("a")
    made = tmp_path / "made"
    for revision in (f"--output={made}", f"--output={made}..HEAD", f"HEAD..--output={made}", f"-O{made}...HEAD"):
        code, _, err = repo.review("--", revision, capsys=capsys, monkeypatch=monkeypatch)
        assert code == 2 and "unknown revision" in err
        assert not made.exists()


@pytest.mark.parametrize("pattern", ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a*a*a*a*a*a*a*a*a*a*a*a*[!a]",
                                     "**/a*a*a*a*a*a*a*a*a*a*a*/x", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b/"])
def test_a_pathological_ignore_pattern_is_reported_and_fails_open(tmp_path, pattern):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text(f"{pattern}\nignored_*.py\n")
    name = "a" * 200 + ".py"
    (tmp_path / name).write_text(VULNERABLE)
    (tmp_path / "ignored_x.py").write_text(VULNERABLE)
    started = time.monotonic()
    sources, diagnostics = collect([str(tmp_path)])
    assert time.monotonic() - started < 5, "matching must not backtrack for minutes"
    assert any(s.rel == name for s in sources), "the file the pattern would have hidden is reviewed"
    assert not any(s.rel == "ignored_x.py" for s in sources), "the other patterns still apply"
    assert any("wildcards" in d.reason and d.line == 1 for d in diagnostics)


def test_a_huge_ignore_file_is_capped_and_fails_open(tmp_path):
    (tmp_path / ".git").mkdir()
    lines = [f"generated_{i}_*.py" for i in range(200_000)]
    (tmp_path / ".gitignore").write_text("\n".join(["early.py", *lines, "late.py"]) + "\n")
    for i in range(50):
        (tmp_path / f"m{i}.py").write_text("X = 1\n")
    (tmp_path / "early.py").write_text("X = 1\n")
    (tmp_path / "late.py").write_text("X = 1\n")
    started = time.monotonic()
    sources, diagnostics = collect([str(tmp_path)])
    assert time.monotonic() - started < 10
    names = {s.rel for s in sources}
    assert "early.py" not in names and "late.py" in names and len(names) == 51
    assert any(f"more than {MAX_IGNORE_PATTERNS:,} patterns" in d.reason for d in diagnostics)


@needs_git
@pytest.mark.parametrize("side", ["range", "worktree"])
def test_a_review_does_not_read_through_a_link_out_of_the_repository(tmp_path, capsys, monkeypatch, side):
    outside = _outside(tmp_path)
    repo = Repo(tmp_path / "repo")
    repo.write("a.py", "X = 1\n")
    repo.commit("a")
    (repo.root / "leak.py").symlink_to(outside / "keys.py")
    repo.write("b.py", VULNERABLE)
    args = []
    if side == "range":
        repo.commit("links")
        args = ["HEAD~1..HEAD"]
    code, out, err = repo.review(*args, "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1, err
    assert SECRET not in out
    report = json.loads(out)
    assert {f["location"]["path"] for f in report["findings"]} == {"b.py"}
    assert "leak.py" in {d["path"] for d in report["skipped"]}, "the link is accounted for"


def test_a_pathological_re_include_fails_open_for_its_whole_file(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.py\n!*a*a*a*a*a*a*a*a*b.py\n")
    (tmp_path / "aaab.py").write_text(VULNERABLE)
    (tmp_path / "other.py").write_text(VULNERABLE)
    sources, diagnostics = collect([str(tmp_path)])
    assert {s.rel for s in sources} == {"aaab.py", "other.py"}, "dropping only the '!' line would hide aaab.py"
    assert any("re-include" in d.reason for d in diagnostics)


@needs_git
def test_names_that_look_like_diff_headers_are_reviewed(tmp_path, capsys, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write("base.py", "X = 1\n")
    repo.commit("base")
    repo.write("x b/y.py", VULNERABLE)
    repo.write("a b/c d.py", VULNERABLE)
    repo.commit("spaced")
    (repo.root / "re named b").mkdir()
    repo.git("mv", "base.py", "re named b/base.py")
    repo.commit("renamed")
    code, out, err = repo.review("HEAD~2..HEAD", "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1, err
    flagged = {f["location"]["path"] for f in json.loads(out)["findings"]}
    assert flagged == {"x b/y.py", "a b/c d.py"}
