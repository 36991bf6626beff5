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
