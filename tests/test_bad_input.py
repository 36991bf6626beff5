"""Bad input never crashes a scan and never silently drops a file; the code under review is never run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan

GOOD = "import os\n\n\ndef run():\n    os.system(input())\n"


def _reasons(result) -> dict[str, str]:
    return {Path(d.path).name: d.reason for d in result.diagnostics}


@pytest.fixture()
def messy_tree(tmp_path: Path) -> Path:
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    (tmp_path / "py2.py").write_text('print "hello"\n', encoding="utf-8")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x00\x00\x01\x02" * 64)
    (tmp_path / "undecodable.py").write_bytes(b'x = "\xff\xfe\xfa"\n')
    (tmp_path / "huge.py").write_text("x = 1\n" * 400_000, encoding="utf-8")
    (tmp_path / "deep.py").write_text("x = " + "+".join(["1"] * 100_000) + "\n", encoding="utf-8")
    (tmp_path / "nested.py").write_text("x = " + "(" * 1000 + "1" + ")" * 1000 + "\n", encoding="utf-8")
    os.symlink("loop_b.py", tmp_path / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "loop_b.py")
    os.symlink("missing.py", tmp_path / "dangling.py")
    os.mkfifo(tmp_path / "fifo.py")
    sub = tmp_path / "pkg"
    sub.mkdir()
    os.symlink("..", sub / "up")  # a directory link back into the tree
    (sub / "inner.py").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_every_bad_file_gets_a_diagnostic_and_the_rest_is_scanned(messy_tree: Path) -> None:
    result = scan([str(messy_tree)], ScanOptions(jobs=1, max_file_bytes=1_000_000))
    scanned = {Path(p).name for p in result.files_scanned}
    assert {"good.py", "inner.py", "nested.py"} <= scanned
    assert [f.location.line for f in result.findings if f.cwe == 78 and f.location.path.endswith("good.py")] == [5]
    reasons = _reasons(result)
    assert reasons["py2.py"].startswith("Python 2 syntax (print statement)")
    assert reasons["broken.py"].startswith("syntax error")
    assert reasons["binary.py"].startswith("binary file")
    assert reasons["undecodable.py"].startswith("cannot decode source")
    assert "limit" in reasons["huge.py"]
    assert "too deep" in reasons["deep.py"]
    assert reasons["loop_a.py"] == "symbolic link loop" and reasons["loop_b.py"] == "symbolic link loop"
    assert reasons["dangling.py"] == "broken symbolic link"
    assert reasons["fifo.py"] == "not a regular file"
    assert "symbolic link loop" in reasons["up"]
    skipped = {Path(d.path).name for d in result.skipped}
    assert not skipped & scanned


def test_unreadable_directory_and_file_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.py").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "secret.py").write_text(GOOD, encoding="utf-8")
    (tmp_path / "private.py").write_text(GOOD, encoding="utf-8")
    real_scandir, real_open = os.scandir, open

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("private.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    # root reads everything, so unreadable paths are simulated at the system-call boundary
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr("builtins.open", fake_open)
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    reasons = _reasons(result)
    assert reasons["locked"] == "cannot read directory: Permission denied"
    assert reasons["private.py"] == "cannot read file: Permission denied"
    assert [Path(p).name for p in result.files_scanned] == ["ok.py"]


def test_bom_and_coding_cookie_are_decoded_and_analysed(tmp_path: Path) -> None:
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfimport os\nos.system(input())\n")
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nimport os\nname = 'caf\xe9'\nos.system(input())\n")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert not result.diagnostics
    assert sorted((Path(f.location.path).name, f.location.line) for f in result.findings if f.cwe == 78) == [
        ("bom.py", 2), ("latin.py", 4)]


def test_missing_target_is_a_diagnostic(tmp_path: Path) -> None:
    result = scan([str(tmp_path / "nope")], ScanOptions(jobs=1))
    assert [d.reason for d in result.diagnostics] == ["no such file or directory"]


def test_the_scanner_never_runs_the_code_it_reviews(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    (tmp_path / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n"
        f"import os\nos.system('touch {marker}')\n"
        "if __name__ == '__main__':\n    raise SystemExit(1)\n",
        encoding="utf-8",
    )
    (tmp_path / "conftest.py").write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert len(result.files_scanned) == 2
    assert not marker.exists()
