"""The incremental cache, the per-file budgets and the quiet, phased progress around them.

Work done is observed through ScanResult.files_analysed / files_from_cache (never through timing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pillarscan import engine
from pillarscan.cache import ResultCache, default_directory
from pillarscan.engine import ScanOptions, scan
from terminal import run_on_terminal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def shop(tmp_path) -> Path:
    tree = tmp_path / "shop"
    shutil.copytree(ROOT / "examples" / "shop", tree)
    return tree


def run(tree: Path, cache: Path | str | None, **options) -> engine.ScanResult:
    return scan([str(tree)], ScanOptions(jobs=1, cache_dir=None if cache is None else str(cache), **options))


def comparable(result) -> tuple:
    return ([(f.rule_id, f.location, f.message, f.trace) for f in result.findings],
            sorted((d.path, d.reason) for d in result.diagnostics), result.lines_scanned)


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "files").rglob("*") if p.is_file())


def test_warm_run_reuses_every_file_and_gives_the_same_findings(shop, tmp_path):
    cache = tmp_path / "cache"
    cold = run(shop, cache)
    warm = run(shop, cache)
    files = len(cold.files_scanned)
    assert files >= 5 and cold.findings
    assert (cold.files_analysed, cold.files_from_cache) == (files, 0)
    assert (warm.files_analysed, warm.files_from_cache) == (0, files)
    assert comparable(warm) == comparable(cold)
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"


def test_default_location_is_the_user_cache_never_the_tree(shop, tmp_path, monkeypatch):
    before = sorted(p for p in shop.rglob("*"))
    result = run(shop, "")
    assert result.files_analysed == len(result.files_scanned)
    home = Path(os.environ["PILLARSCAN_CACHE_HOME"])
    folder = Path(default_directory([str(shop)]))
    assert folder.parent == home / "trees" and entries(folder)
    assert sorted(p for p in shop.rglob("*")) == before, "the scanned tree is left as it was"
    again = run(shop, "")
    assert again.files_analysed == 0
    assert again.files_scanned == result.files_scanned
    assert Path(default_directory([str(tmp_path)])) != folder, "one folder per tree"
    monkeypatch.chdir(shop)
    assert Path(default_directory(["."])) == folder, "keyed by the resolved path, however it is named"


def test_editing_one_file_reanalyses_only_that_file(shop, tmp_path):
    cache = tmp_path / "cache"
    cold = run(shop, cache)
    edited = sorted(shop.rglob("*.py"))[0]
    edited.write_text(edited.read_text() + "\n\ndef added_helper(value):\n    return value\n")
    warm = run(shop, cache)
    assert warm.files_analysed == 1
    assert warm.files_from_cache == len(cold.files_scanned) - 1
    assert comparable(warm) == comparable(run(shop, None)), "the edit is seen exactly as a fresh run sees it"


def test_touching_without_change_reanalyses_nothing(shop, tmp_path):
    cache = tmp_path / "cache"
    run(shop, cache)
    for path in shop.rglob("*.py"):
        os.utime(path, (1, 1))
    assert run(shop, cache).files_analysed == 0


def test_unchanged_files_are_not_even_read_again(shop, tmp_path, monkeypatch):
    """The stat index: size, modification time and inode unchanged → the recorded key, without reading."""
    for path in shop.rglob("*.py"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # long before the scan: safe to index
    cache = tmp_path / "cache"
    cold = run(shop, cache)
    reads: list[str] = []
    real_read = engine._read_source
    monkeypatch.setattr(engine, "_read_source", lambda source, options: reads.append(source.path) or
                        real_read(source, options))
    warm = run(shop, cache)
    assert reads == [] and warm.files_from_cache == len(cold.files_scanned)
    edited = sorted(shop.rglob("*.py"))[1]
    edited.write_text(edited.read_text() + "\n# reviewed\n")
    again = run(shop, cache)
    assert reads == [str(edited)] and again.files_analysed == 1
    assert comparable(again) == comparable(run(shop, None))


def test_corrupted_entries_are_rebuilt(shop, tmp_path):
    cache = tmp_path / "cache"
    cold = run(shop, cache)
    stored = entries(cache)
    stored[0].write_bytes(stored[0].read_bytes()[:-7] + b"garbage")  # checksum no longer matches
    stored[1].write_bytes(b"")  # truncated to nothing
    stored[2].write_bytes(b"PSCACHE1" + b"\0" * 16 + b"not a pickle")
    warm = run(shop, cache)
    assert warm.files_analysed == 3
    assert comparable(warm) == comparable(cold)
    assert run(shop, cache).files_analysed == 0, "the rebuilt entries are valid again"


def test_solve_entry_corruption_is_a_miss(shop, tmp_path):
    cache = tmp_path / "cache"
    cold = run(shop, cache)
    for entry in (cache / "solve").iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    assert comparable(run(shop, cache)) == comparable(cold)


def test_configuration_changes_invalidate(shop, tmp_path):
    cache = tmp_path / "cache"
    files = len(run(shop, cache).files_scanned)
    some_rule = run(shop, None).findings[0].rule_id
    narrowed = run(shop, cache, disabled_rules=frozenset({some_rule}))
    assert narrowed.files_analysed == files
    assert all(f.rule_id != some_rule for f in narrowed.findings)
    assert run(shop, cache, max_file_bytes=1_000_000).files_analysed == files

    model = tmp_path / "models.toml"
    model.write_text("# no extra models yet\n")
    assert run(shop, cache, extra_models=(str(model),)).files_analysed == files
    assert run(shop, cache, extra_models=(str(model),)).files_analysed == 0
    model.write_text("# no extra models yet, said differently\n")
    assert run(shop, cache, extra_models=(str(model),)).files_analysed == files


def test_nosec_setting_and_inline_models_are_part_of_the_key(shop, tmp_path):
    from pillarscan.python.models import InlineModels

    cache = tmp_path / "cache"
    views = shop / "views" / "files.py"
    views.write_text(views.read_text().replace("return send_file(path)", "return send_file(path)  # nosec"))
    files = len(run(shop, cache).files_scanned)
    flagged = {(f.rule_id, f.location.line) for f in run(shop, cache).findings}
    honoured = run(shop, cache, honour_nosec=True)
    assert honoured.files_analysed == files  # the same bytes, read under other suppression rules
    assert {(f.rule_id, f.location.line) for f in honoured.findings} < flagged
    sink = InlineModels.of("pyproject.toml", {"sink": [{"call": "storage.upload_path", "kind": "path", "args": [0]}]})
    assert run(shop, cache, extra_models=(sink,)).files_analysed == files
    other = InlineModels.of("pyproject.toml", {"sink": [{"call": "storage.other", "kind": "path", "args": [0]}]})
    assert run(shop, cache, extra_models=(other,)).files_analysed == files
    assert run(shop, cache, extra_models=(other,)).files_analysed == 0


def test_entries_are_keyed_by_reported_path(shop, tmp_path):
    """The same bytes reviewed under another path must not come back with the old path in their findings."""
    cache = tmp_path / "cache"
    run(shop, cache)
    moved = tmp_path / "moved"
    shutil.copytree(shop, moved)
    result = run(moved, cache)
    assert result.files_analysed == len(result.files_scanned)
    assert all(f.location.path.startswith(str(moved)) for f in result.findings)


def test_unwritable_cache_folder_does_not_stop_the_review(shop, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run(shop, blocker / "cache")
    assert result.findings and result.files_analysed == len(result.files_scanned)


def test_cache_key_covers_path_and_content(tmp_path):
    cache = ResultCache(tmp_path, "fp")
    key = cache.file_key("a.py", "a.py", b"x = 1\n")
    assert key != cache.file_key("b.py", "a.py", b"x = 1\n")
    assert key != cache.file_key("a.py", "pkg/a.py", b"x = 1\n")
    assert key != cache.file_key("a.py", "a.py", b"x = 2\n")
    assert key != ResultCache(tmp_path, "other").file_key("a.py", "a.py", b"x = 1\n")


# --- budgets ---------------------------------------------------------------------------------------------------

def _slow_module(functions: int) -> str:
    body = "".join(f"def f{i}(request, a, b):\n    x = request.args.get('q')\n    y = x + str(a) + str(b)\n"
                   f"    if y:\n        return [y, x, a, b]\n    return {{'k': y}}\n\n" for i in range(functions))
    return "import os\n\n" + body


def test_a_file_over_the_time_budget_becomes_a_diagnostic(tmp_path):
    (tmp_path / "huge.py").write_text(_slow_module(3000))
    (tmp_path / "small.py").write_text("import os\n\n\ndef run():\n    os.system(input())\n")
    cache = tmp_path / "cache"
    result = run(tmp_path, cache, file_budget_s=0.05)
    reasons = {Path(d.path).name: d.reason for d in result.skipped}
    assert reasons.get("huge.py") == "analysis took longer than the 0.05 s per-file budget"
    assert [Path(p).name for p in result.files_scanned] == ["small.py"]
    assert any(Path(f.location.path).name == "small.py" for f in result.findings)
    again = run(tmp_path, cache, file_budget_s=0)
    assert again.files_analysed == 1, "a file cut short is not cached: the next run tries it again"
    assert "huge.py" in {Path(p).name for p in again.files_scanned}


def test_the_budget_also_holds_in_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MIN_FILES_FOR_WORKERS", 2)
    (tmp_path / "huge.py").write_text(_slow_module(3000))
    for i in range(3):
        (tmp_path / f"small{i}.py").write_text("def ok():\n    return 1\n")
    result = scan([str(tmp_path)], ScanOptions(jobs=2, file_budget_s=0.05))
    assert [Path(d.path).name for d in result.skipped] == ["huge.py"]
    assert len(result.files_scanned) == 3


def test_memory_limit_turns_runaway_allocation_into_memory_error():
    code = ("from pillarscan.budget import limit_memory\nlimit_memory(64)\n"
            "try:\n    b = bytearray(512 * 1024 * 1024)\nexcept MemoryError:\n    print('limited')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "limited", out.stderr


# --- progress and --quiet --------------------------------------------------------------------------------------

def test_engine_announces_its_phases(shop):
    phases: list[str] = []
    counts: list[tuple[int, int]] = []
    scan([str(shop)], ScanOptions(jobs=1, phase=phases.append, progress=lambda d, t: counts.append((d, t))))
    assert phases == ["collecting", "analysing", "cross-module"]
    assert counts[-1][0] == counts[-1][1] == len(list(shop.rglob("*.py")))


def _stderr_on_a_terminal(*args: str, cwd: Path) -> bytes:
    """Run the program with stderr on a pseudo-terminal (so a progress bar would be drawn) and return it."""
    return run_on_terminal(list(args), "stderr", cwd=cwd)[1]


def test_quiet_prints_nothing_on_stderr(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "tests" / "cases", tree)
    loud = _stderr_on_a_terminal("scan", "tree", "--no-cache", "--write-baseline", "b.json", cwd=tmp_path)
    assert b"wrote" in loud, "without --quiet the information line is printed on the terminal"
    assert b"reporting" in loud, "and the progress bar, naming its phase, is drawn"
    quiet = _stderr_on_a_terminal("scan", "tree", "--no-cache", "--quiet", "--write-baseline", "c.json",
                                  cwd=tmp_path)
    assert quiet == b""
    assert (tmp_path / "c.json").is_file()


def test_a_file_that_kills_its_worker_costs_only_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MIN_FILES_FOR_WORKERS", 2)
    real = engine.analyse_bytes

    def deadly(data, source, options, outcome=None):
        if source.path.endswith("boom.py"):
            os._exit(3)  # what a crash in C or the kernel's OOM killer looks like from outside
        return real(data, source, options, outcome)

    monkeypatch.setattr(engine, "analyse_bytes", deadly)  # workers are forked: they see the patch
    (tmp_path / "boom.py").write_text("x = 1\n")
    for i in range(6):
        (tmp_path / f"ok{i}.py").write_text("def ok():\n    return 1\n")
    result = scan([str(tmp_path)], ScanOptions(jobs=2))
    assert [(Path(d.path).name, d.reason) for d in result.skipped] == [
        ("boom.py", "the worker process analysing this file died (BrokenProcessPool)")]
    assert len(result.files_scanned) == 6


# --- where the cache lives -------------------------------------------------------------------------------------

def _cli(*args: str) -> int:
    from pillarscan import cli

    return cli.main(["scan", *args, "--format", "json", "--quiet"])


def test_cli_cache_location_flags_and_configuration(shop, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = str(tmp_path / "r.json")
    default = Path(default_directory([str(shop)]))
    assert _cli(str(shop), "--no-cache", "-o", out) == 1
    assert not default.exists(), "--no-cache writes nothing"
    assert _cli(str(shop), "-o", out) == 1
    assert entries(default), "by default the cache sits in the user's cache home"
    chosen = tmp_path / "chosen"
    assert _cli(str(shop), "--cache-dir", str(chosen), "-o", out) == 1
    assert entries(chosen)
    config = tmp_path / "pillarscan.toml"
    config.write_text('cache-dir = "from-config"\n')
    assert _cli(str(shop), "--config", str(config), "-o", out) == 1
    assert entries(tmp_path / "from-config"), "a relative cache-dir resolves against the configuration file"


def test_stale_entries_are_pruned_once_they_outnumber_live_ones(shop, tmp_path):
    for path in shop.rglob("*.py"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    cache = tmp_path / "cache"
    run(shop, cache)
    live = entries(cache)
    stale_folder = cache / "files" / "00"
    stale_folder.mkdir(exist_ok=True)
    for i in range(150):
        stale = stale_folder / f"00{i:038d}"
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000_000, 1_000_000_000))
    fresh_stray = stale_folder / ("00" + "f" * 38)
    fresh_stray.write_bytes(b"maybe a concurrent run's")
    edited = sorted(shop.rglob("*.py"))[0]
    edited.write_text(edited.read_text() + "\n# edited\n")
    os.utime(edited, (1_000_000_000, 1_000_000_001))
    assert run(shop, cache).files_analysed == 1
    remaining = entries(cache)
    assert not any(p.read_bytes() == b"old" for p in remaining)
    assert fresh_stray in remaining, "young entries are left alone"
    # the edited file's new entry, the young stray, and its previous entry (young too: written by this test)
    assert len(remaining) == len(live) + 2
    assert run(shop, cache).files_from_cache == len(live)


def test_files_named_one_by_one_get_no_default_cache(shop):
    single = sorted(shop.rglob("*.py"))[0]
    result = scan([str(single)], ScanOptions(jobs=1, cache_dir=""))
    assert result.files_scanned == [str(single)]
    home = Path(os.environ["PILLARSCAN_CACHE_HOME"])
    assert not (home / "trees").exists()
    scan([str(single), str(shop)], ScanOptions(jobs=1, cache_dir=""))
    assert Path(default_directory([str(shop)])).is_dir(), "with a folder among the targets, its cache is used"
