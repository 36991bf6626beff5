"""Bad input never crashes a scan and never silently drops a file; the code under review is never run.

Every check goes through ``pillarscan.engine.scan``, the path the command line takes.
"""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan

GOOD = "import os\n\n\ndef run():\n    os.system(input())\n"


def _reasons(result) -> dict[str, str]:
    return {Path(d.path).name: d.reason for d in result.diagnostics}


def _scanned(result) -> set[str]:
    return {Path(p).name for p in result.files_scanned}


def _command_injection_lines(result, name: str) -> list[int]:
    return sorted(f.location.line for f in result.findings if f.cwe == 78 and Path(f.location.path).name == name)


@pytest.fixture()
def messy_tree(tmp_path: Path) -> Path:
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    (tmp_path / "py2.py").write_text('import os\nprint "hello"\nos.system(raw_input())\n', encoding="utf-8")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x02\x01\x01\x00" * 64)
    (tmp_path / "undecodable.py").write_bytes(b'x = "\xff\xfe\xfa"\n')
    (tmp_path / "huge.py").write_text("x = 1\n" * 200_000, encoding="utf-8")
    (tmp_path / "deep.py").write_text("x = " + "+".join(["1"] * 100_000) + "\n", encoding="utf-8")
    (tmp_path / "nested.py").write_text("x = " + "(" * 1000 + "1" + ")" * 1000 + "\n", encoding="utf-8")
    (tmp_path / "modern.py").write_text('import os\nos.system(f"{" ".join([input()])}")\n', encoding="utf-8")
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
    assert _scanned(result) == {"good.py", "inner.py", "modern.py", "py2.py"}
    assert _command_injection_lines(result, "good.py") == [5]
    assert _command_injection_lines(result, "modern.py") == [2]
    assert _command_injection_lines(result, "py2.py") == [3]  # read as Python 2: raw_input() is input()
    reasons = _reasons(result)
    assert reasons.pop("py2.py") == ("read as Python 2 (print statement): converted to Python 3 syntax for "
                                     "analysis; findings point at the file's own lines")
    assert reasons.pop("broken.py") == "syntax error: invalid syntax"
    assert reasons.pop("binary.py") == "binary file (contains NUL bytes), not Python source"
    assert reasons.pop("undecodable.py") == "cannot decode source: not valid UTF-8 (byte 0xff at line 1)"
    assert reasons.pop("huge.py") == "file larger than the 1,000,000-byte limit (max_file_bytes)"
    # 3.11's parser refuses this chain; 3.10's accepts it and the analysis then finds it too deep
    assert reasons.pop("deep.py") in ("nesting too deep to parse (the Python parser gave up)",
                                      "nesting too deep to analyse")
    assert reasons.pop("nested.py") == "nesting too deep to parse: too many nested parentheses"
    assert reasons.pop("loop_a.py") == "symbolic link loop" and reasons.pop("loop_b.py") == "symbolic link loop"
    assert reasons.pop("dangling.py") == "broken symbolic link (its target does not exist)"
    assert reasons.pop("fifo.py") == "not a regular file (a FIFO)"
    assert reasons.pop("up").startswith("symbolic link loop (points back to")
    assert reasons == {}
    lines = {Path(d.path).name: d.line for d in result.diagnostics}
    assert lines["py2.py"] == 2 and lines["broken.py"] == 1


def test_the_same_tree_scans_the_same_in_worker_processes(messy_tree: Path) -> None:
    for i in range(16):  # enough files for the engine to use its process pool
        (messy_tree / f"filler_{i}.py").write_text("x = 1\n", encoding="utf-8")
    serial = scan([str(messy_tree)], ScanOptions(jobs=1, max_file_bytes=1_000_000))
    parallel = scan([str(messy_tree)], ScanOptions(jobs=2, max_file_bytes=1_000_000))
    assert sorted(parallel.files_scanned) == sorted(serial.files_scanned)
    assert sorted(_reasons(parallel).items()) == sorted(_reasons(serial).items())


@pytest.mark.parametrize("name, source", [
    ("unary.py", "x = " + "-" * 1000 + "1\n"),
    ("negations.py", "x = " + "not " * 1000 + "y\n"),
    ("lambdas.py", "x = " + "lambda: " * 1000 + "y\n"),
    ("attributes.py", "x = a" + ".b" * 1000 + "\n"),
    ("subscripts.py", "x = a" + "[0]" * 1000 + "\n"),
    ("chain.py", "x = " + " + ".join(["a"] * 2000) + "\n"),
])
def test_thousand_deep_expressions_that_python_accepts_are_analysed(tmp_path: Path, name: str, source: str) -> None:
    """The default 1,000-frame limit would lose these files; the big-stack worker thread reads them."""
    (tmp_path / name).write_text(source + "import os\nos.system(input())\n", encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert _scanned(result) == {name} and not result.diagnostics
    assert _command_injection_lines(result, name) == [3]


def test_a_thousand_branch_elif_chain_is_analysed_to_its_last_branch(tmp_path: Path) -> None:
    branches = "".join(f"elif x == {i}:\n    y = {i}\n" for i in range(1, 1000))
    (tmp_path / "dispatch.py").write_text("import os\nif x == 0:\n    y = 0\n" + branches
                                          + "else:\n    os.system(input())\n", encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert not result.diagnostics
    assert _command_injection_lines(result, "dispatch.py") == [3 + 2 * 999 + 2]


@pytest.mark.parametrize("name, source, reason", [
    ("brackets.py", "x = " + "[" * 1000 + "]" * 1000 + "\n", "nesting too deep to parse: too many nested parentheses"),
    ("calls.py", "x = " + "f(" * 1000 + ")" * 1000 + "\n", "nesting too deep to parse: too many nested parentheses"),
    ("blocks.py", "".join("  " * i + "if x:\n" for i in range(150)) + "  " * 150 + "pass\n",
     "nesting too deep to parse: too many levels of indentation"),
])
def test_nesting_beyond_what_python_accepts_is_a_diagnostic(tmp_path: Path, name: str, source: str,
                                                            reason: str) -> None:
    (tmp_path / name).write_text(source, encoding="utf-8")
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert _scanned(result) == {"good.py"}
    assert _reasons(result) == {name: reason}


def test_unreadable_directory_and_file_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, for whom chmod 000 hides nothing: the refusals are simulated at the system-call
    boundary (``os.scandir`` for the folder, ``open`` for the file)."""
    (tmp_path / "ok.py").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "secret.py").write_text(GOOD, encoding="utf-8")
    (tmp_path / "private.py").write_text(GOOD, encoding="utf-8")
    real_scandir, real_open = os.scandir, builtins.open

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("private.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(builtins, "open", fake_open)
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert _reasons(result) == {"locked": "cannot read directory: Permission denied",
                                "private.py": "cannot read file: Permission denied"}
    assert _scanned(result) == {"ok.py"}


def test_bom_and_coding_cookie_are_decoded_and_analysed(tmp_path: Path) -> None:
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfimport os\nos.system(input())\n")
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nimport os\nname = 'caf\xe9'\nos.system(input())\n")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert not result.diagnostics
    assert _command_injection_lines(result, "bom.py") == [2]
    assert _command_injection_lines(result, "latin.py") == [4]


def test_a_declared_encoding_the_bytes_do_not_follow_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "liar.py").write_bytes(b"# coding: ascii\nname = 'caf\xc3\xa9'\n")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert _reasons(result) == {"liar.py": "cannot decode source: not valid ascii, its declared encoding "
                                           "(byte 0xc3 at line 2)"}


def test_missing_target_is_a_diagnostic(tmp_path: Path) -> None:
    result = scan([str(tmp_path / "nope")], ScanOptions(jobs=1))
    assert [d.reason for d in result.diagnostics] == ["no such file or directory"]


def test_stdin_bytes_get_the_same_checks() -> None:
    result = scan([], ScanOptions(jobs=1), stdin_data=b"\x00\x01binary")
    assert [(d.path, d.reason) for d in result.diagnostics] == [
        ("<stdin>", "binary file (contains NUL bytes), not Python source")]


def test_the_scanner_never_runs_the_code_it_reviews(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    (tmp_path / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n"
        f"import os\nos.system('touch {marker}')\n"
        "if __name__ == '__main__':\n    raise SystemExit(1)\n",
        encoding="utf-8",
    )
    (tmp_path / "conftest.py").write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    (tmp_path / "setup.py").write_text(f"__import__('pathlib').Path({str(marker)!r}).touch()\n", encoding="utf-8")
    (tmp_path / "modern.py").write_text(f'type T = int\nopen(f"{{"{marker}"}}", "w")\n', encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert _scanned(result) == {"evil.py", "conftest.py", "setup.py", "modern.py"}
    assert not marker.exists()
