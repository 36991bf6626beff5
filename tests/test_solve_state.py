"""Reusing the cells of an earlier solve must give exactly a cold solve's result, whichever modules changed:
every taint case of the corpus, solved again with each module in turn marked as edited."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pillarscan import engine
from pillarscan.inputs.files import collect
from pillarscan.findings import Location
from pillarscan.python.facts import CallSite, FunctionFacts, ModuleFacts
from pillarscan.python.summaries import ModuleInput, TreeIndex, _ModuleShape, solve_incremental

CASES = Path(__file__).parent / "cases" / "taint"
PROJECTS = sorted(p for p in CASES.iterdir() if p.is_dir() and p.name.endswith("_project")) + \
    [Path(__file__).parent.parent / "examples" / "shop"]


def _facts_of(folder: Path) -> list[ModuleFacts]:
    options = engine.ScanOptions(jobs=1)
    sources, _ = collect([str(folder)], ())
    return [o.facts for o in (engine.analyse_file(s, options) for s in sources) if o.facts is not None]


def _inputs(facts: list[ModuleFacts], identities: list[str] | None = None) -> list[ModuleInput]:
    return [ModuleInput.of(mf, identity) for mf, identity in zip(facts, identities or [""] * len(facts))]


def _taint_rules():
    return [r for r in engine.active_rules(engine.ScanOptions()) if r.is_taint]


def _shape(result) -> list:
    findings, diagnostics = result
    return sorted(map(repr, findings)) + sorted(map(repr, diagnostics))


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_marking_any_one_module_edited_gives_the_cold_result(project):
    facts = _facts_of(project)
    rules = _taint_rules()
    identities = [f"{mf.path}@1" for mf in facts]
    cold, state, cold_cells = solve_incremental(_inputs(facts, identities), rules)
    assert cold[0], "each project has flows to find"
    assert state.complete
    for n, mf in enumerate(facts):
        edited = list(identities)
        edited[n] = f"{mf.path}@2"
        warm, _, warm_cells = solve_incremental(_inputs(facts, edited), rules, copy.deepcopy(state))
        assert _shape(warm) == _shape(cold), mf.path
        assert warm_cells <= cold_cells


def test_a_module_removed_and_one_added_are_both_followed():
    facts = _facts_of(PROJECTS[0])
    rules = _taint_rules()
    identities = [f"{mf.path}@1" for mf in facts]
    full, state, _ = solve_incremental(_inputs(facts, identities), rules)
    for n in range(len(facts)):
        fewer = facts[:n] + facts[n + 1:]
        cold_fewer, _, _ = solve_incremental(_inputs(fewer), rules)
        warm_fewer, fewer_state, _ = solve_incremental(_inputs(fewer, identities[:n] + identities[n + 1:]), rules,
                                                       copy.deepcopy(state))
        assert _shape(warm_fewer) == _shape(cold_fewer)
        back, _, _ = solve_incremental(_inputs(facts, identities), rules, fewer_state)  # the module comes back
        assert _shape(back) == _shape(full)


def test_no_identities_means_nothing_is_reused_and_nothing_is_kept():
    facts = _facts_of(PROJECTS[0])
    _, state, cells = solve_incremental(_inputs(facts), _taint_rules())
    assert cells > 0 and not state.complete


def _shapes(facts: list[ModuleFacts]) -> dict:
    return {mf.path: _ModuleShape.of(mf, f"{mf.path}@1") for mf in facts}


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_resolution_kept_across_a_change_of_names_equals_a_fresh_one(project):
    shapes = _shapes(_facts_of(project))
    for path in shapes:
        without = {p: s for p, s in shapes.items() if p != path}
        assert TreeIndex(without).reindexed(shapes, {path}).targets == TreeIndex(shapes).targets
        assert TreeIndex(shapes).reindexed(without, {path}).targets == TreeIndex(without).targets


def _module(path: str, module: str, functions: dict[str, list[str]]) -> ModuleFacts:
    """A module whose functions each make one call to the names given."""
    here = Location(path, 1)
    return ModuleFacts(path, module, {
        fid: FunctionFacts(fid, [], None, None, calls={0: CallSite(0, tuple(callees), [], {}, None, here, "call()")})
        for fid, callees in functions.items()})


def test_a_name_that_makes_a_suffix_ambiguous_is_followed():
    caller = _module("app.py", "app", {"app.run": ["lib.tools.helper"]})
    first = _module("pkg/tools.py", "pkg.tools", {"pkg.tools.helper": []})
    second = _module("other/tools.py", "other.tools", {"other.tools.helper": []})
    one = _shapes([caller, first])
    two = _shapes([caller, first, second])
    assert TreeIndex(one).targets[("app.run", 0)] == ("pkg.tools.helper", 0)  # the only `tools.helper`
    assert TreeIndex(one).reindexed(two, {"other/tools.py"}).targets[("app.run", 0)] is None  # now ambiguous
    assert TreeIndex(two).reindexed(one, {"other/tools.py"}).targets[("app.run", 0)] == ("pkg.tools.helper", 0)
