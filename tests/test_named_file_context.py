"""A file reviewed alone gives the answer it gets in its project: the modules it imports are read as context."""

from __future__ import annotations

from pathlib import Path

from pillarscan.engine import ScanOptions, scan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shop"


def _flags(result, cwe: int) -> set[tuple[str, int]]:
    return {(Path(f.location.path).name, f.location.line) for f in result.findings if f.cwe == cwe}


def test_the_example_view_alone_tells_the_safe_helper_from_the_unsafe_one(monkeypatch):
    monkeypatch.chdir(EXAMPLE.parent.parent)
    alone = scan(["examples/shop/views/files.py"], ScanOptions(jobs=1, cache_dir=None))
    whole = scan(["examples/shop"], ScanOptions(jobs=1, cache_dir=None))
    in_tree = {hit for hit in _flags(whole, 22) if hit[0] == "files.py"}
    assert ("files.py", 20) in _flags(alone, 22), "the unsafe helper's flow is still found"
    assert ("files.py", 26) not in _flags(alone, 22), "safe_upload_path is read from storage.py, not guessed"
    assert _flags(alone, 22) == in_tree
    traversal = next(f for f in alone.findings if f.cwe == 22 and f.location.line == 20)
    assert any(step.location.path.endswith("storage.py") for step in traversal.trace)
    assert alone.files_scanned == ["examples/shop/views/files.py"], "context modules are read, not reviewed"
    assert "examples/shop/storage.py" in alone.context_files


def test_a_script_sees_its_sibling_modules_and_only_its_own_findings(tmp_path, monkeypatch):
    (tmp_path / "helpers.py").write_text(
        "import os\n\n\ndef clean(name):\n    return name if name.isalnum() else 'x'\n\n\n"
        "def run(command):\n    os.system(command)\n\n\n"
        "def unrelated():\n    os.system(input())\n")
    (tmp_path / "tool.py").write_text(
        "import sys\n\nimport helpers\n\n\ndef main():\n    helpers.run('ls ' + sys.argv[1])\n")
    monkeypatch.chdir(tmp_path)
    result = scan(["tool.py"], ScanOptions(jobs=1, cache_dir=None))
    hits = _flags(result, 78)
    assert ("helpers.py", 9) in hits, "the flow from tool.py into the sibling's sink is reported"
    assert ("helpers.py", 13) not in hits, "a defect of the context module alone is not this review's"
    assert result.files_scanned == ["tool.py"]
