"""The cross-module phase: function summaries and the fixpoint that connects sources to sinks across the tree.

Each function's facts speak of its own parameters and of call sites not yet understood. Here every call site is
resolved to a function of the scanned tree (through imports, classes and their bases, methods through ``self``)
or else treated as a library call that passes its arguments' taint through. Return summaries are iterated to a
fixpoint (recursion terminates because each round only uses the previous round's summaries), then each sink's
taint is traced back through callers until it reaches real sources.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from ..cwe import pillar_of
from ..findings import Confidence, Diagnostic, Finding, TraceStep
from ..rules.registry import Rule
from .facts import CallSite, FunctionFacts, ModuleFacts, SinkFact
from .values import Taint, join_taint

MAX_ROUNDS = 8
MAX_DEPTH = 6
MAX_CALLER_HOPS = 6
MAX_WORK = 3_000_000


class Solver:
    def __init__(self, modules: list[ModuleFacts]):
        self.functions: dict[str, FunctionFacts] = {}
        self.classes: dict[str, tuple[str, ...]] = {}
        self.diagnostics: list[Diagnostic] = []
        self.exports: dict[str, dict[str, str]] = {}
        for mf in modules:
            self.exports[mf.module] = mf.exports
            self.functions.update(mf.functions)
            self.classes.update(mf.classes)
            for text in mf.diagnostics:
                self.diagnostics.append(Diagnostic(mf.path, text, kind="warning"))
        self._suffix: dict[str, list[str]] = defaultdict(list)
        for name in list(self.functions) + list(self.classes):
            parts = name.split(".")
            for i in range(1, len(parts) - 1):
                self._suffix[".".join(parts[i:])].append(name)
        # Name resolution depends only on the tree's names, fixed from here on: each distinct name (and each
        # distinct list of candidate callees) is resolved once, however many call sites repeat it.
        self._lookups: dict[str, str | None] = {}
        self._methods: dict[tuple[str, str], str | None] = {}
        self._callees: dict[tuple[tuple[str, ...], bool], tuple[str, int] | None] = {}
        self.targets: dict[tuple[str, int], tuple[str, int] | None] = {}
        self.callers: dict[str, list[tuple[str, CallSite, int]]] = defaultdict(list)
        self.fields: dict[tuple[str, str], list[tuple[str, Taint]]] = defaultdict(list)
        for fid, facts in self.functions.items():
            for cs in facts.calls.values():
                memo_key = (cs.callees, cs.is_method)
                if memo_key in self._callees:
                    target = self._callees[memo_key]
                else:
                    target = self._callees[memo_key] = self._resolve_callee(cs)
                self.targets[(fid, cs.id)] = target
                if target is not None:
                    self.callers[target[0]].append((fid, cs, target[1]))
            for cls, attr, taint in facts.field_stores:
                self.fields[(cls, attr)].append((fid, taint))
        self.returns: dict[str, Taint] = {}
        self.rounds_changed: list[int] = []  # per summarise round: functions whose return labels changed
        self._call_cache: dict[tuple[str, int], Taint] = {}
        self._param_cache: dict[tuple[str, str], Taint] = {}
        self.work = 0
        self.frames_entered: set[str] = set()  # functions whose call results another function's taint reached

    # --- resolving callees -----------------------------------------------------------------------------------
    def _lookup(self, name: str, hops: int = 0) -> str | None:
        if hops == 0:
            try:
                return self._lookups[name]
            except KeyError:
                found = self._lookups[name] = self._lookup_uncached(name, 0)
                return found
        return self._lookup_uncached(name, hops)

    def _lookup_uncached(self, name: str, hops: int) -> str | None:
        if name in self.functions or name in self.classes:
            return name
        module, _, attr = name.rpartition(".")
        reexported = self.exports.get(module, {}).get(attr)
        if reexported and reexported != name and hops < 4:  # `from .storage import f` in a package __init__
            found = self._lookup(reexported, hops + 1)
            if found:
                return found
        parts = name.split(".")
        for i in range(1, len(parts) - 1):
            hits = self._suffix.get(".".join(parts[i:]))
            if hits and len(hits) == 1:
                return hits[0]
        return None

    def _method(self, cls: str, method: str, seen: set | None = None) -> str | None:
        if seen is None:
            key = (cls, method)
            if key not in self._methods:
                self._methods[key] = self._method_uncached(cls, method, set())
            return self._methods[key]
        return self._method_uncached(cls, method, seen)

    def _method_uncached(self, cls: str, method: str, seen: set) -> str | None:
        if cls in seen:
            return None
        seen.add(cls)
        candidate = f"{cls}.{method}"
        if candidate in self.functions:
            return candidate
        for base in self.classes.get(cls, ()):
            found = self._lookup(base)
            if found and found in self.classes:
                hit = self._method(found, method, seen)
                if hit:
                    return hit
        return None

    def _resolve_callee(self, cs: CallSite) -> tuple[str, int] | None:
        """(function id, offset) where offset 1 means positional arguments start at the second parameter."""
        for name in cs.callees:
            found = self._lookup(name)
            if found is None and "." in name:
                owner, method = name.rsplit(".", 1)
                owner_found = self._lookup(owner)
                if owner_found in self.classes:
                    hit = self._method(owner_found, method)
                    if hit:
                        return hit, 1
                continue
            if found is None:
                continue
            if found in self.classes:
                init = self._method(found, "__init__")
                return (init, 1) if init else None
            owner = found.rsplit(".", 1)[0]
            return found, 1 if (cs.is_method or owner in self.classes) and self._takes_self(found) else 0
        return None

    def _takes_self(self, fid: str) -> bool:
        params = self.functions[fid].params
        return bool(params) and params[0] in ("self", "cls")

    # --- argument mapping ------------------------------------------------------------------------------------
    def _arg_taint(self, cs: CallSite, callee: FunctionFacts, pname: str, offset: int) -> Taint:
        params = callee.params
        if pname in params:
            idx = params.index(pname)
            if offset == 1 and idx == 0:
                return cs.receiver or {}
            pos = idx - offset
            if 0 <= pos < len(cs.args):
                return cs.args[pos]
            if pname in cs.kwargs:
                return cs.kwargs[pname]
            return cs.kwargs.get("**", {})
        if pname == callee.vararg:
            return join_taint(*cs.args[max(0, len(params) - offset):])
        if pname == callee.kwarg:
            return join_taint(*(t for k, t in cs.kwargs.items() if k not in params))
        return {}

    # --- resolution ------------------------------------------------------------------------------------------
    def resolve(self, taint: Taint, fid: str, depth: int = 0) -> Taint:
        """Rewrite ``taint`` in function ``fid`` to sources and ``fid``'s own parameters only."""
        out: Taint = {}
        for (origin, clean), trace in taint.items():
            self.work += 1
            if origin.kind == "source" and len(origin.key) == 5 and self.callers.get(origin.key[4]):
                continue  # a view-shaped function that the tree calls itself: its callers say what arrives
            if origin.kind in ("source", "param"):
                _put(out, (origin, clean), trace)
                continue
            if depth >= MAX_DEPTH or self.work > MAX_WORK:
                continue
            if origin.kind == "call":
                if origin.key[0] != fid:
                    self.frames_entered.add(origin.key[0])
                inner = self._resolve_call(origin.key[0], origin.key[1], depth + 1)
            elif origin.kind == "field":
                inner = self._resolve_field(origin.key[0], origin.key[1], depth + 1)
            else:
                continue
            for (o2, c2), t2 in inner.items():
                _put(out, (o2, clean | c2), t2 + trace)
        return out

    def _resolve_call(self, fid: str, site_id: int, depth: int) -> Taint:
        key = (fid, site_id)
        cached = self._call_cache.get(key)
        if cached is not None:
            return cached
        self._call_cache[key] = {}
        cs = self.functions[fid].calls[site_id]
        step = TraceStep(cs.location, cs.code, "call")
        target = self.targets.get(key)
        out: Taint = {}
        if target is None:
            everything = join_taint(*cs.args, *cs.kwargs.values(), cs.receiver or {})
            for label, trace in self.resolve(everything, fid, depth).items():
                _put(out, label, trace + (step,))
        else:
            callee_id, offset = target
            callee = self.functions[callee_id]
            for (o2, c2), t2 in self.returns.get(callee_id, {}).items():
                if o2.kind == "source":
                    _put(out, (o2, c2), t2 + (step,))
                elif o2.kind == "param" and o2.key[0] == callee_id:
                    arg = self._arg_taint(cs, callee, o2.key[1], offset)
                    for (o3, c3), t3 in self.resolve(arg, fid, depth).items():
                        _put(out, (o3, c2 | c3), t3 + (step,) + t2)
        self._call_cache[key] = out
        return out

    def _resolve_field(self, cls: str, attr: str, depth: int) -> Taint:
        out: Taint = {}
        owners = [cls] + [b for b in self.classes.get(cls, ())]
        for owner in owners:
            for store_fid, taint in self.fields.get((owner, attr), ()):
                for (o, c), t in self.resolve(taint, store_fid, depth).items():
                    if o.kind == "source":
                        _put(out, (o, c), t)
                    elif o.kind == "param":
                        for (o2, c2), t2 in self._param_sources(store_fid, o.key[1], depth + 1).items():
                            _put(out, (o2, c | c2), t2 + t)
        return out

    def _param_sources(self, fid: str, pname: str, depth: int) -> Taint:
        """Sources that reach parameter ``pname`` of ``fid`` from any caller (context-insensitive)."""
        key = (fid, pname)
        if key in self._param_cache:
            return self._param_cache[key]
        self._param_cache[key] = {}
        out: Taint = {}
        if depth < MAX_DEPTH:
            callee = self.functions[fid]
            for caller_id, cs, offset in self.callers.get(fid, ()):
                arg = self._arg_taint(cs, callee, pname, offset)
                step = TraceStep(cs.location, cs.code, "call")
                for (o, c), t in self.resolve(arg, caller_id, depth).items():
                    if o.kind == "source":
                        _put(out, (o, c), t + (step,))
                    elif o.kind == "param":
                        for label, t2 in self._param_sources(caller_id, o.key[1], depth + 1).items():
                            _put(out, (label[0], label[1] | c), t2 + t + (step,))
        self._param_cache[key] = out
        return out

    def summarise(self) -> None:
        for _ in range(MAX_ROUNDS):
            changed = 0
            self._call_cache.clear()
            for fid, facts in self.functions.items():
                if not facts.returns:
                    continue
                new = self.resolve(facts.returns, fid)
                old = self.returns.get(fid, {})
                if new.keys() != old.keys():
                    changed += 1
                self.returns[fid] = new
            self.rounds_changed.append(changed)
            if not changed:
                break
        self._call_cache.clear()
        self._param_cache.clear()

    # --- sinks -----------------------------------------------------------------------------------------------
    def flows(self):
        """Yield (sink, trace, origin) for every unsanitised flow into a sink: origin "source" when the data is
        untrusted input, "unknown" when it is a parameter of a function nothing in the tree calls and a shell
        interprets it (reported at low confidence, labelled as such)."""
        pending = []
        for fid, facts in self.functions.items():
            for sink in facts.sinks:
                for (origin, clean), trace in self.resolve(sink.taint, fid).items():
                    if sink.kind in clean:
                        continue
                    if origin.kind == "source":
                        yield sink, trace, "source"
                    elif origin.kind == "param" and origin.key[0] == fid:
                        pending.append((fid, origin.key[1], sink, clean, trace, 0))
                        if sink.hint == "shell" and not self.callers.get(fid):
                            yield sink, trace, "unknown"
        visited = set()
        while pending:
            fid, pname, sink, clean, trace, hops = pending.pop()
            if hops >= MAX_CALLER_HOPS or self.work > MAX_WORK:
                continue
            callee = self.functions[fid]
            for caller_id, cs, offset in self.callers.get(fid, ()):
                arg = self._arg_taint(cs, callee, pname, offset)
                step = TraceStep(cs.location, cs.code, "call")
                for (origin, c2), t2 in self.resolve(arg, caller_id).items():
                    cc = clean | c2
                    if sink.kind in cc:
                        continue
                    full = t2 + (step,) + trace
                    if origin.kind == "source":
                        yield sink, full, "source"
                    elif origin.kind == "param":
                        key = (caller_id, origin.key[1], id(sink), cc)
                        if key not in visited:
                            visited.add(key)
                            pending.append((caller_id, origin.key[1], sink, cc, full, hops + 1))


def _put(out: Taint, label: tuple, trace: tuple) -> None:
    old = out.get(label)
    if old is None or len(trace) < len(old):
        out[label] = trace


def solve(modules: list[ModuleFacts], rules: list[Rule]) -> tuple[list[Finding], list[Diagnostic]]:
    """Findings for every taint rule, with the full source-to-sink trace on each."""
    return solve_recorded(modules, rules)[0]


def solve_recorded(modules: list[ModuleFacts], rules: list[Rule]
                   ) -> tuple[tuple[list[Finding], list[Diagnostic]], "SolveRecord"]:
    """``solve``, plus the record that lets a later run prove an edit leaves this result as it is."""
    by_kind = {r.sink_kind: r for r in rules if r.sink_kind}
    solver = Solver(modules)
    solver.summarise()
    best: dict[tuple, tuple[SinkFact, tuple, str]] = {}
    for sink, trace, origin in solver.flows():
        rule = by_kind.get(sink.kind)
        if rule is None:
            continue
        key = (sink.location.path, sink.location.line, sink.location.column, sink.kind)
        old = best.get(key)
        if old is None or (old[2], len(trace)) > (origin, len(old[1])):  # "source" beats "unknown"
            best[key] = (sink, trace, origin)
    findings = []
    for (path, line, col, kind), (sink, trace, origin) in best.items():
        rule = by_kind[kind]
        steps = _dedupe(trace)
        if steps and steps[-1].location.path == sink.location.path and steps[-1].location.line == sink.location.line \
                and not steps[-1].note.startswith("source"):
            steps = steps[:-1]  # the sink's own line says it better than "call" or "assigned"
        steps += (TraceStep(sink.location, sink.code, f"sink: {sink.api}"),)
        if origin == "unknown":
            message = (f"{rule.message} — origin unknown: the value comes from a parameter that nothing in the "
                       f"scanned code passes, and a shell interprets it ({sink.api}, shell=True)")
        else:
            source_note = steps[0].note.removeprefix("source: ") if steps else "untrusted input"
            message = f"{rule.message} (from {source_note}, into {sink.api})"
        findings.append(Finding(
            rule_id=rule.id,
            cwe=rule.cwe,
            pillar=pillar_of(rule.cwe),
            severity=rule.severity,
            confidence=rule.confidence if origin == "source" else Confidence.LOW,
            location=sink.location,
            snippet=sink.code,
            message=message,
            fix=rule.fix,
            title=rule.title,
            trace=steps,
        ))
    if solver.work > MAX_WORK:
        solver.diagnostics.append(Diagnostic("<tree>", "data-flow work budget reached; some flows were not followed",
                                             kind="warning"))
    return (findings, solver.diagnostics), SolveRecord.of(solver, modules)


def _dedupe(trace: tuple) -> tuple:
    out: list[TraceStep] = []
    for step in trace:
        if out and out[-1].location.path == step.location.path and out[-1].location.line == step.location.line:
            if step.note.startswith("source") and not out[-1].note.startswith("source"):
                out[-1] = step
            continue
        out.append(step)
    return tuple(out)


# --- reuse across runs ---------------------------------------------------------------------------------------
#
# The fixpoint above is global: return summaries are iterated in rounds over every function of the tree until no
# function's labels change, a round reads summaries already updated in that round, and the memo of call results
# keeps whatever depth a call was first reached at (and ``_param_sources`` keeps its answers across rounds). So
# the summary of one function can depend on the order in which the whole tree was visited, and a per-module or
# per-component cache of summaries could give a result a cold run would not. What can be reused exactly is the
# whole result, when an edit provably cannot reach it: ``SolveRecord`` keeps what a later run needs to prove that.

_DIGEST_BYTES = 16


class _Canonical:
    """Digests of facts that equal values share in every process: sets are taken in sorted order (their pickled
    order follows the hash seed), dicts and lists in their own order (which the solver's tie-breaks follow)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[bytes, object]] = {}  # id → (token, the object, kept alive for its id)
        self._fields: dict[type, tuple[str, ...]] = {}

    def token(self, value: object) -> bytes:
        kind = type(value)
        if value is None or kind in (str, int, bool, float):
            return repr(value).encode("utf-8", "surrogatepass")
        found = self._memo.get(id(value))
        if found is not None:
            return found[0]
        if kind is dict:
            parts = [self.token(k) + b":" + self.token(v) for k, v in value.items()]
        elif kind in (tuple, list):
            parts = [self.token(v) for v in value]
        elif kind in (set, frozenset):
            parts = sorted(self.token(v) for v in value)
        else:
            parts = [self.token(getattr(value, name, None)) for name in self._names(kind, value)]
        digest = hashlib.blake2b(b"\0".join(parts), digest_size=_DIGEST_BYTES,
                                 person=kind.__name__.encode()[:16]).digest()
        token = b"#" + digest.hex().encode()
        self._memo[id(value)] = (token, value)
        return token

    def _names(self, kind: type, value: object) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            dataclass_fields = getattr(kind, "__dataclass_fields__", None)
            if dataclass_fields is not None:
                names = tuple(dataclass_fields)
            elif hasattr(value, "__dict__"):
                names = tuple(sorted(vars(value)))
            else:
                names = tuple(n for cls in kind.__mro__ for n in getattr(cls, "__slots__", ()))
            self._fields[kind] = names
        return names


def facts_digests(mf: ModuleFacts) -> tuple[str, str, dict[str, str]]:
    """(digest of the whole facts, digest of the module's interface — path, name, classes, exports,
    diagnostics —, {function id: digest of everything the solver reads of it}), the same in every process."""
    canonical = _Canonical()
    interface = canonical.token((mf.path, mf.module, mf.classes, mf.exports, mf.diagnostics)).decode()
    functions = {fid: canonical.token(f).decode() for fid, f in mf.functions.items()}
    whole = hashlib.blake2b(interface.encode(), digest_size=_DIGEST_BYTES)
    for fid, digest in functions.items():
        whole.update(f"\0{fid}\0{digest}".encode("utf-8", "surrogatepass"))
    return whole.hexdigest(), interface, functions


@dataclass
class SolveRecord:
    """What a later run needs to prove that an edit leaves a solved result exactly as it is (``unaffected``)."""

    result: tuple  # (findings, diagnostics)
    work: int  # an upper bound of ``Solver.work`` in a solve of the current facts
    rounds_changed: list[int]  # per round of ``summarise``: functions whose labels changed (the first: at least)
    linked: frozenset  # functions called, calling, or entered from another function's taint
    referenced: frozenset  # every part of every name the solver looks up (callees, bases, re-exports)
    defined: frozenset  # the last part of every function and class name, and every exported name
    modules: list = field(default_factory=list)  # (path, facts digest), in scan order

    @classmethod
    def of(cls, solver: Solver, modules: list[ModuleFacts]) -> "SolveRecord":
        linked = set(solver.callers) | solver.frames_entered
        linked.update(fid for (fid, _), target in solver.targets.items() if target is not None)
        referenced: set[str] = set()
        for callees, _ in solver._callees:
            for name in callees:
                referenced.update(name.split("."))
        for bases in solver.classes.values():
            for base in bases:
                referenced.update(base.split("."))
        defined = {name.rpartition(".")[2] for name in list(solver.functions) + list(solver.classes)}
        for exports in solver.exports.values():
            for attr, target in exports.items():
                referenced.update(target.split("."))
                referenced.add(attr)
                defined.add(attr)
        return cls((), solver.work, list(solver.rounds_changed), frozenset(linked), frozenset(referenced),
                   frozenset(defined), [(mf.path, "") for mf in modules])


def unaffected(record: SolveRecord, old: ModuleFacts, new: ModuleFacts) -> SolveRecord | None:
    """When replacing ``old`` by ``new`` provably leaves the solved result as it is, the record for the new tree;
    else None. Provably: every function that differs (added, removed or changed) is *inert* before and after —
    no sinks, no field stores, no taint but its own parameters, sources and calls; no call of it resolves to
    the tree, none reaches it (its name is no part of any name the solver looks up) and no other function's
    taint enters it — and the module's classes, exports, diagnostics and the order of its other functions are
    unchanged. Such a function is evaluated on its own in each round, touching nothing the rest reads, so the
    rest of the computation is step for step the same; its work is bounded so the budget cannot be crossed,
    and the number of rounds stays as it was."""
    if (old.path, old.module, old.classes, old.exports, old.diagnostics) != \
            (new.path, new.module, new.classes, new.exports, new.diagnostics):
        return None
    canonical = _Canonical()
    changed_old = {fid for fid, f in old.functions.items()
                   if fid not in new.functions or canonical.token(f) != canonical.token(new.functions[fid])}
    changed_new = {fid for fid in new.functions if fid not in old.functions} | \
        {fid for fid in changed_old if fid in new.functions}
    if [f for f in old.functions if f not in changed_old] != [f for f in new.functions if f not in changed_new]:
        return None
    new_names = {fid.rpartition(".")[2] for fid in changed_new}
    defined = record.defined | new_names
    referenced = set(record.referenced)
    added_work = first_round_gain = 0
    for fid, f, in [(fid, old.functions[fid]) for fid in changed_old] + [(fid, new.functions[fid]) for fid in changed_new]:
        name = fid.rpartition(".")[2]
        if fid in record.linked or name in record.referenced or name == "__init__" or \
                fid.rpartition(".")[0] in old.classes or not _locally_inert(f, defined):
            return None
    for fid in changed_new:
        f = new.functions[fid]
        for cs in f.calls.values():
            for callee in cs.callees:
                referenced.update(callee.split("."))
        probe = Solver([ModuleFacts(path=new.path, module=new.module, functions={fid: f})])
        if any(t is not None for t in probe.targets.values()):
            return None
        if probe.resolve(f.returns, fid):
            first_round_gain += 1
        added_work += probe.work * max(1, len(record.rounds_changed))
    # An inert function's labels are the same in every round (it reads nothing that rounds change), so it can
    # only add to the first round's changes; the round count stays as it was while some function that is not
    # being replaced changed in the first round.
    if changed_old | changed_new and (not record.rounds_changed or record.rounds_changed[0] <= len(changed_old)):
        return None
    if record.work + added_work > MAX_WORK:
        return None
    rounds_changed = [record.rounds_changed[0] - len(changed_old) + first_round_gain] + record.rounds_changed[1:]
    return SolveRecord(record.result, record.work + added_work, rounds_changed, record.linked,
                       frozenset(referenced), defined, list(record.modules))


def _locally_inert(f: FunctionFacts, defined: frozenset) -> bool:
    """No sinks, no field stores, taint only from its own parameters, sources and calls, calls to nothing the
    tree defines."""
    if f.sinks or f.field_stores:
        return False
    taints = [f.returns]
    for cs in f.calls.values():
        if any(callee.rpartition(".")[2] in defined for callee in cs.callees):
            return False
        taints.extend(cs.args)
        taints.extend(cs.kwargs.values())
        if cs.receiver:
            taints.append(cs.receiver)
    for taint in taints:
        for origin, _ in taint:
            if origin.kind == "param" or (origin.kind == "source" and len(origin.key) != 5):
                continue
            if origin.kind == "call" and origin.key[0] == f.id:
                continue
            return False
    return True
