"""The worker path of the per-file phase: a chunk runs on one big-stack thread, and facts loaded ahead of the
cross-module phase are the facts it would have loaded itself."""

from __future__ import annotations

import pickle
import sys
import threading
from pathlib import Path

from pillarscan import engine
from pillarscan.inputs.files import collect
from pillarscan.python import deep_stack

CASES = Path(__file__).parent / "cases" / "taint"


def _todo(folder: Path) -> list:
    sources, _ = collect([str(folder)], ())
    return [(i, s, Path(s.path).read_bytes(), "") for i, s in enumerate(sources)]


def test_a_chunk_runs_every_file_on_one_deep_thread(monkeypatch):
    todo = _todo(CASES)[:5]
    assert len(todo) == 5
    seen: list[tuple[int, int]] = []
    real = engine.parse_source

    def spy(data, path):
        seen.append((threading.get_ident(), sys.getrecursionlimit()))
        return real(data, path)

    monkeypatch.setattr(engine, "parse_source", spy)
    results = engine._analyse_chunk(todo, engine.ScanOptions(), None)
    assert [index for index, _ in results] == [item[0] for item in todo]
    assert all(item.outcome.scanned for _, item in results)
    assert len({ident for ident, _ in seen}) == 1, "one thread for the whole chunk"
    assert seen[0][0] != threading.get_ident()
    assert seen[0][1] >= deep_stack.RECURSION_LIMIT  # the deep thread's raised limit holds for every file


def test_a_file_over_budget_inside_a_chunk_costs_only_itself(tmp_path):
    (tmp_path / "slow.py").write_text("".join(f"def f{i}(a):\n    return a + {i}\n" for i in range(20000)))
    (tmp_path / "quick.py").write_text("def g(a):\n    return a\n")
    todo = _todo(tmp_path)
    results = dict(engine._analyse_chunk(todo, engine.ScanOptions(file_budget_s=0.05), None))
    by_name = {Path(item.outcome.path).name: item.outcome for item in results.values()}
    assert by_name["slow.py"].transient and not by_name["slow.py"].scanned
    assert by_name["quick.py"].scanned and not by_name["quick.py"].diagnostics


def test_predecoded_facts_equal_the_pickled_ones():
    options = engine.ScanOptions()
    outcomes = [engine.analyse_file(s, options) for s in collect([str(CASES)], ())[0]]
    packed = [engine._Packed.of(o) for o in outcomes]
    with_facts = [p for p in packed if p.has_facts]
    assert len(with_facts) > 10
    for item in with_facts:
        expected = pickle.loads(item.facts_blob)
        item.predecode()
        loaded = item.facts
        assert loaded == expected
        assert item.has_facts and item.facts_blob == b"", "the pickled form is let go"
        item.predecode()
        assert item.facts is loaded, "a second call loads nothing again"
        assert item.unpack_facts() is loaded, "the cross-module phase takes the loaded facts as they are"


def test_facts_for_one_pipe_load_equal_and_skip_compression():
    from pillarscan.python.facts_codec import ForOnePipe

    options = engine.ScanOptions()
    facts = [o.facts for o in (engine.analyse_file(s, options) for s in collect([str(CASES)], ())[0])
             if o.facts is not None]
    for f in facts:
        plain = pickle.dumps(ForOnePipe(f), protocol=pickle.HIGHEST_PROTOCOL)
        assert pickle.loads(plain) == f
    biggest = max(facts, key=lambda f: len(pickle.dumps(f)))
    assert len(pickle.dumps(ForOnePipe(biggest))) > len(pickle.dumps(biggest)), "not compressed"


def test_without_a_cache_workers_send_uncompressed_facts_and_with_one_compressed(tmp_path):
    from pillarscan.cache import ResultCache

    item = _todo(CASES)[0]
    _, bare = engine._analyse_one(item, engine.ScanOptions(), None)
    cache = ResultCache.open(str(tmp_path / "c"), "fp")
    _, stored = engine._analyse_one(item, engine.ScanOptions(), cache)
    assert pickle.loads(bare.facts_blob) == pickle.loads(stored.facts_blob)
    assert len(bare.facts_blob) > len(stored.facts_blob)
