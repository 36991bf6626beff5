"""The cache cannot be turned against its user: a forged entry is never unpickled, a cache folder that is a link
is never followed or pruned through, and the key that authenticates entries is refused when it is unsafe."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pillarscan import cli
from pillarscan.cache import ResultCache, default_directory, load_key
from pillarscan.engine import ScanOptions, scan
from forged_cache import old_format as _old_format, plant as _plant, wrong_key as _new_format_wrong_key
from review_repo import needs_git, shop_repo

ROOT = Path(__file__).resolve().parent.parent.parent
def _real_names(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != ".gitignore")


@pytest.fixture
def shop(tmp_path) -> Path:
    tree = tmp_path / "shop"
    shutil.copytree(ROOT / "examples" / "shop", tree)
    return tree


def _cli_scan(tree: Path, *extra: str) -> dict:
    out = tree.parent / "report.json"
    assert cli.main(["scan", str(tree), "--format", "json", "--quiet", "-o", str(out), *extra]) == 1
    return json.loads(out.read_text())


def test_forged_entries_at_every_name_are_never_unpickled(shop, tmp_path):
    marker = tmp_path / "PWNED"
    _plant(shop / ".pillarscan_cache", marker)  # a committed cache in the old place
    expected = _cli_scan(shop, "--no-cache")["findings"]
    assert _cli_scan(shop)["findings"] == expected
    # now forge entries under the real names the run wrote, in the real folder, without the key
    folder = Path(default_directory([str(shop)]))
    real = _real_names(folder)
    assert real, "the first run wrote entries"
    for forge in (_old_format, _new_format_wrong_key):  # what an attacker can compute without the key
        for name in real:
            (folder / name).write_bytes(forge(marker))
        _plant(folder, marker)
        for _ in range(2):
            assert _cli_scan(shop)["findings"] == expected
    explicit = shop / ".pillarscan_cache"  # even a --cache-dir the user points at the tree's own folder
    for _ in range(2):
        assert _cli_scan(shop, "--cache-dir", str(explicit))["findings"] == expected
    assert not marker.exists(), "a forged cache entry was unpickled"


def test_entries_copied_to_another_name_are_misses(shop, tmp_path):
    cache = tmp_path / "cache"
    scan([str(shop)], ScanOptions(jobs=1, cache_dir=str(cache)))
    entries = sorted((cache / "files").rglob("*/*"))
    assert len(entries) >= 2
    entries[1].write_bytes(entries[0].read_bytes())  # authentic, but for another file
    again = scan([str(shop)], ScanOptions(jobs=1, cache_dir=str(cache)))
    assert again.files_analysed >= 1


@needs_git
def test_a_review_never_unpickles_a_forged_entry(tmp_path, capsys, monkeypatch):
    marker = tmp_path / "PWNED"
    repo = shop_repo(tmp_path / "shop")
    _plant(repo.root / ".pillarscan_cache", marker)
    monkeypatch.chdir(repo.root)
    assert cli.main(["review", "HEAD~1..HEAD", "--format", "json"]) == 1
    first = json.loads(capsys.readouterr().out)["findings"]
    folder = Path(default_directory([repo.root.as_posix()]))
    for name in _real_names(folder):
        (folder / name).write_bytes(_new_format_wrong_key(marker))
    assert cli.main(["review", "HEAD~1..HEAD", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"] == first
    assert not marker.exists()


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    victim.mkdir()
    for i in range(20):
        (victim / f"file{i:02d}").write_text(f"precious {i}\n")
        os.utime(victim / f"file{i:02d}", (1_000_000_000, 1_000_000_000))  # old enough to be pruned
    return victim


def _intact(victim: Path) -> None:
    assert sorted(p.name for p in victim.iterdir()) == [f"file{i:02d}" for i in range(20)]
    assert all((victim / f"file{i:02d}").read_text() == f"precious {i}\n" for i in range(20))


@pytest.mark.parametrize("linked", ["", "files", "files/00", "solve"])
def test_a_cache_folder_that_is_a_link_is_never_followed(shop, tmp_path, linked):
    victim = _victim(tmp_path)
    cache = tmp_path / "cache"
    if linked:
        scan([str(shop)], ScanOptions(jobs=1, cache_dir=str(cache)))
        target = cache / linked
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target = cache
    target.symlink_to(victim, target_is_directory=True)
    for _ in range(3):
        result = scan([str(shop)], ScanOptions(jobs=1, cache_dir=str(cache)))
        assert result.findings
        for path in shop.rglob("*.py"):  # edits make the cache prune and rewrite
            path.write_text(path.read_text() + "\n# edited\n")
    _intact(victim)
    if linked in ("", "files", "solve"):
        assert any("symbolic link" in d.reason for d in result.diagnostics), "the refusal is said"


def test_an_index_or_entry_that_is_a_link_is_not_followed(shop, tmp_path):
    victim = _victim(tmp_path)
    cache = tmp_path / "cache"
    scan([str(shop)], ScanOptions(jobs=1, cache_dir=str(cache)))
    for index in cache.glob("index-*"):
        index.unlink()
        index.symlink_to(victim / "file00")
    for entry in list((cache / "files").rglob("*/*"))[:3]:
        entry.unlink()
        entry.symlink_to(victim / "file01")
    (cache / "latest-x").symlink_to(victim / "file02")
    for _ in range(2):
        assert scan([str(shop)], ScanOptions(jobs=1, cache_dir=str(cache))).findings
    _intact(victim)


@pytest.mark.parametrize("problem", ["group-readable", "link", "folder", "short"])
def test_an_unsafe_key_means_no_cache_not_a_wrong_one(shop, tmp_path, problem):
    home = Path(os.environ["PILLARSCAN_CACHE_HOME"])
    key = home / "key"
    load_key()
    if problem == "group-readable":
        key.chmod(0o640)
    elif problem == "link":
        other = tmp_path / "other-key"
        other.write_bytes(key.read_bytes())
        other.chmod(0o600)
        key.unlink()
        key.symlink_to(other)
    elif problem == "folder":
        key.unlink()
        key.mkdir()
    else:
        key.write_bytes(b"short")
    assert ResultCache.open(tmp_path / "cache", "f") is None
    result = scan([str(shop)], ScanOptions(jobs=1, cache_dir=""))
    assert result.findings and result.files_from_cache == 0
    assert any("cache not used" in d.reason for d in result.diagnostics)


def test_the_key_is_created_private(tmp_path):
    key = load_key()
    info = (Path(os.environ["PILLARSCAN_CACHE_HOME"]) / "key").stat()
    assert len(key) == 32 and info.st_mode & 0o777 == 0o600
    assert load_key() == key, "one key, kept"


def test_the_readme_example_leaves_the_work_tree_as_it_was(shop):
    """The README's first command scans examples/shop; the tests run next must not find anything it left."""
    before = sorted(shop.rglob("*"))
    assert cli.main(["scan", str(shop), "--quiet", "-o", os.devnull]) == 1
    assert sorted(shop.rglob("*")) == before
