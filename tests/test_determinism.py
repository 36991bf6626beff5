"""The same findings whatever the worker count and whether results come from the cache.

The JSON report is compared whole, less the run's duration: findings, traces, diagnostics, counts. Workers are
forced even on small trees (the engine normally keeps fewer than MIN_FILES_FOR_WORKERS files in process).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pillarscan import cli, engine

ROOT = Path(__file__).resolve().parent.parent


def report(tree: Path, out: Path, *args: str) -> dict:
    code = cli.main(["scan", str(tree), "--format", "json", "--output", str(out), "--no-progress", *args])
    assert code in (0, 1)
    document = json.loads(out.read_text(encoding="utf-8"))
    document["summary"].pop("duration_s")
    return document


@pytest.mark.parametrize("source", ["examples/shop", "tests/cases"])
def test_findings_identical_across_workers_and_cache(source, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MIN_FILES_FOR_WORKERS", 2)
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / source, tree)
    cache = tmp_path / "cache"
    serial = report(tree, tmp_path / "serial.json", "--jobs", "1", "--no-cache")
    parallel = report(tree, tmp_path / "parallel.json", "--jobs", "2", "--no-cache")
    cold = report(tree, tmp_path / "cold.json", "--jobs", "2", "--cache-dir", str(cache))
    warm = report(tree, tmp_path / "warm.json", "--jobs", "2", "--cache-dir", str(cache))
    warm_serial = report(tree, tmp_path / "warm1.json", "--jobs", "1", "--cache-dir", str(cache))
    assert serial["findings"], "the corpus has findings; an empty report would make this comparison vacuous"
    assert any(f.get("trace") for f in serial["findings"]), "cross-module traces are part of the comparison"
    assert parallel == serial
    assert cold == serial
    assert warm == serial
    assert warm_serial == serial
    assert any(cache.joinpath("files").iterdir()), "the cached runs did write entries"
