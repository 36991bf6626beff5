"""The compact pickled form of flow facts must give the cross-module phase exactly what it had before."""

from __future__ import annotations

import pickle
from pathlib import Path

from pillarscan import engine
from pillarscan.findings import Location, TraceStep
from pillarscan.inputs.files import collect
from pillarscan.python.facts import ModuleFacts
from pillarscan.python.summaries import solve

CASES = Path(__file__).parent / "cases" / "taint"


def _facts_of(folder: Path) -> list[ModuleFacts]:
    options = engine.ScanOptions(jobs=1)
    sources, _ = collect([str(folder)], ())
    return [o.facts for o in (engine.analyse_file(s, options) for s in sources) if o.facts is not None]


def test_round_trip_keeps_every_fact_equal():
    facts = _facts_of(CASES)
    assert sum(len(f.functions) for f in facts) > 50  # the corpus really has functions to carry
    restored = pickle.loads(pickle.dumps(facts))
    assert restored == facts  # dataclass equality: every field, every taint label and trace step


def test_round_trip_gives_the_same_flow_findings():
    facts = _facts_of(CASES)
    rules = [r for r in engine.active_rules(engine.ScanOptions()) if r.is_taint]
    before, _ = solve(facts, rules)
    after, _ = solve(pickle.loads(pickle.dumps(facts)), rules)
    assert before  # the taint corpus has flows to find
    assert sorted(before, key=repr) == sorted(after, key=repr)


def test_shared_values_come_back_shared_and_foreign_paths_survive():
    here = Location("a.py", 3, 1, 3, 9)
    elsewhere = Location("other.py", 7, 0, 7, 4)
    step = TraceStep(here, "x = 1", "assigned to x")
    from pillarscan.python.facts import CallSite, FunctionFacts
    from pillarscan.python.values import Origin

    taint = {(Origin("param", ("m.f", "x")), frozenset()): (step, TraceStep(elsewhere, "y", "call"))}
    f = FunctionFacts(id="m.f", params=["x"], vararg=None, kwarg=None, returns=taint)
    f.calls[1] = CallSite(1, ("m.g",), [taint, {}], {"k": taint}, None, here, "g(x)")
    module = ModuleFacts(path="a.py", module="m", functions={"m.f": f})
    back = pickle.loads(pickle.dumps(module))
    assert back == module
    call = back.functions["m.f"].calls[1]
    assert call.receiver is None and call.args[1] == {}
    assert call.args[0] is not call.args[1]
    trace = next(iter(call.args[0].values()))
    assert trace[1].location.path == "other.py"
    assert trace[0].location is call.location  # one object for one location


def test_call_sites_come_back_unread_and_read_the_same():
    """Loaded call sites keep their arguments, location and code packed until first read; then they are equal."""
    facts = _facts_of(CASES)
    restored = pickle.loads(pickle.dumps(facts))
    pairs = [(site, back) for before, after in zip(facts, restored)
             for f, g in zip(before.functions.values(), after.functions.values())
             for site, back in zip(f.calls.values(), g.calls.values())]
    assert len(pairs) > 100
    for site, back in pairs:  # what the solver reads first: every site's callees
        assert (back.id, back.callees, back.is_method) == (site.id, site.callees, site.is_method)
    assert all(back._pending is not None for _, back in pairs)
    for site, back in pairs:
        assert (back.args, back.kwargs, back.receiver, back.location, back.code) == \
            (site.args, site.kwargs, site.receiver, site.location, site.code)
        assert back._pending is None


def test_unusual_values_survive():
    """None where a number usually is, large numbers, keyword arguments, an origin key that is not names and
    counts, classes and exports."""
    from pillarscan.python.facts import CallSite, FunctionFacts, SinkFact
    from pillarscan.python.values import Origin

    far = Location("big.py", 70_000, 3, None, None)
    step = TraceStep(far, "y = f(x)", "assigned to y")
    odd = {(Origin("source", ("big.py", None, -1), "odd key"), frozenset({"sql", "xss"})): (step,)}
    plain = {(Origin("call", ("m.h", 80_000)), frozenset()): ()}
    f = FunctionFacts(id="m.h", params=["self", "x"], vararg="rest", kwarg="options", returns=odd,
                      location=Location("big.py", 1, 0, 9, 4))
    f.sinks = [SinkFact("sql", plain, far, "run(y)", "db.run", "shell")]
    f.calls[80_000] = CallSite(80_000, ("m.A.g", "m.g"), [], {"key": odd, "**": {}}, plain, far, "f(x)",
                                is_method=True)
    f.field_stores = [("m.A", "name", odd)]
    module = ModuleFacts(path="big.py", module="m", functions={"m.h": f}, classes={"m.A": ("m.Base", "object")},
                         exports={"Base": "m.Base"}, diagnostics=["big.py:1: too deep"])
    back = pickle.loads(pickle.dumps(module))
    assert back == module
    assert back.functions["m.h"].calls[80_000].kwargs["**"] == {}
    assert back.functions["m.h"].location.end_line == 9
    assert back.functions["m.h"].sinks[0].location.end_column is None
