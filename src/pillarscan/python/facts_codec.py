"""A compact pickled form of ``ModuleFacts``: what workers send back and what a cache stores.

Facts are mostly the same few things over and over: the file's path, a function's id, the code on a line, the
location of a node that a loop visited twice, one callee name at a hundred call sites. Pickled as objects,
each copy is written and read back on its own (46 MB for OpenStack Nova, six seconds to load). Here every
Location, TraceStep, Origin, taint and string becomes a plain tuple or string, equal ones are shared, and
the path (the same for the whole module) is left out; loading rebuilds each distinct object once.
The objects rebuilt are the same types with the same values, so the cross-module phase cannot tell.
"""

from __future__ import annotations

from ..findings import Location, TraceStep
from .gc_pause import paused_gc
from .values import Origin

FORMAT = 1


class _Encoder:
    def __init__(self, path: str):
        self.path = path
        self.pool: dict = {}  # equal strings and tuples → one object, written once by pickle
        # id of an object already encoded → its encoding, one table per kind (the objects live in ``facts``)
        self.locations: dict[int, tuple] = {}
        self.steps: dict[int, tuple] = {}
        self.origins: dict[int, tuple] = {}
        self.traces: dict[int, tuple] = {}
        self.taints: dict[int, tuple] = {}

    def share(self, value):
        return self.pool.setdefault(value, value)

    def location(self, loc: Location | None):
        if loc is None:
            return None
        found = self.locations.get(id(loc))
        if found is None:
            body = (loc.line, loc.column, loc.end_line, loc.end_column)
            found = self.share(body if loc.path == self.path else (self.share(loc.path),) + body)
            self.locations[id(loc)] = found
        return found

    def step(self, step: TraceStep):
        found = self.steps.get(id(step))
        if found is None:
            found = self.steps[id(step)] = self.share(
                (self.location(step.location), self.share(step.code), self.share(step.note)))
        return found

    def origin(self, origin: Origin):
        found = self.origins.get(id(origin))
        if found is None:
            key = tuple(self.share(k) if isinstance(k, str) else k for k in origin.key)
            found = self.origins[id(origin)] = self.share((self.share(origin.kind), self.share(key),
                                                          self.share(origin.desc)))
        return found

    def trace(self, trace: tuple):
        found = self.traces.get(id(trace))
        if found is None:
            found = self.traces[id(trace)] = self.share(tuple(self.step(s) for s in trace))
        return found

    def taint(self, taint: dict | None):
        if taint is None:
            return None
        found = self.taints.get(id(taint))
        if found is None:
            found = self.taints[id(taint)] = tuple(
                (self.origin(origin), self.share(clean), self.trace(trace)) for (origin, clean), trace in taint.items())
        return found


class _Decoder:
    def __init__(self, path: str):
        self.path = path
        # id of an encoding already decoded → its object, one table per kind (the encodings live in the state)
        self.locations: dict[int, Location] = {}
        self.steps: dict[int, TraceStep] = {}
        self.origins: dict[int, Origin] = {}
        self.traces: dict[int, tuple] = {}

    def location(self, enc) -> Location | None:
        if enc is None:
            return None
        found = self.locations.get(id(enc))
        if found is None:
            found = self.locations[id(enc)] = Location(self.path, *enc) if len(enc) == 4 else Location(*enc)
        return found

    def step(self, enc) -> TraceStep:
        found = self.steps.get(id(enc))
        if found is None:
            found = self.steps[id(enc)] = TraceStep(self.location(enc[0]), enc[1], enc[2])
        return found

    def origin(self, enc) -> Origin:
        found = self.origins.get(id(enc))
        if found is None:
            found = self.origins[id(enc)] = Origin(*enc)
        return found

    def trace(self, enc) -> tuple:
        found = self.traces.get(id(enc))
        if found is None:
            found = self.traces[id(enc)] = tuple(self.step(s) for s in enc)
        return found

    def taint(self, enc) -> dict | None:
        if enc is None:
            return None
        return {(self.origin(o), clean): self.trace(t) for o, clean, t in enc}


def encode(facts) -> tuple:
    """``ModuleFacts`` → nested tuples of ints and shared strings."""
    with paused_gc():  # builds no cycles; see gc_pause
        return _encode(facts)


def _encode(facts) -> tuple:
    e = _Encoder(facts.path)
    share, taint, location = e.share, e.taint, e.location
    functions = []
    for f in facts.functions.values():
        calls = tuple(
            (cs.id, share(tuple(share(c) for c in cs.callees)), tuple(taint(a) for a in cs.args),
             tuple((share(k), taint(v)) for k, v in cs.kwargs.items()), taint(cs.receiver), location(cs.location),
             share(cs.code), cs.is_method)
            for cs in f.calls.values())
        sinks = tuple((share(s.kind), taint(s.taint), location(s.location), share(s.code), share(s.api),
                       share(s.hint)) for s in f.sinks)
        stores = tuple((share(c), share(a), taint(t)) for c, a, t in f.field_stores)
        functions.append((share(f.id), tuple(share(p) for p in f.params), f.vararg, f.kwarg, taint(f.returns),
                          sinks, calls, stores, location(f.location)))
    return (FORMAT, facts.path, facts.module, tuple(functions), tuple(facts.classes.items()),
            tuple(facts.exports.items()), tuple(facts.diagnostics))


def decode(state: tuple):
    """The inverse of ``encode``: equal values come back as shared objects of the original types."""
    with paused_gc():
        return _decode(state)


def _decode(state: tuple):
    from .facts import CallSite, FunctionFacts, ModuleFacts, SinkFact

    version, path, module, functions, classes, exports, diagnostics = state
    if version != FORMAT:
        raise ValueError(f"facts format {version}, expected {FORMAT}")
    d = _Decoder(path)
    taint, location = d.taint, d.location
    out = ModuleFacts(path=path, module=module, classes=dict(classes), exports=dict(exports),
                      diagnostics=list(diagnostics))
    for fid, params, vararg, kwarg, returns, sinks, calls, stores, loc in functions:
        f = FunctionFacts(id=fid, params=list(params), vararg=vararg, kwarg=kwarg, returns=taint(returns),
                          location=location(loc))
        f.sinks = [SinkFact(kind, taint(t), location(l), code, api, hint) for kind, t, l, code, api, hint in sinks]
        f.calls = {
            cid: CallSite(id=cid, callees=callees, args=[taint(a) for a in args],
                          kwargs={k: taint(v) for k, v in kwargs}, receiver=taint(receiver),
                          location=location(l), code=code, is_method=is_method)
            for cid, callees, args, kwargs, receiver, l, code, is_method in calls}
        f.field_stores = [(c, a, taint(t)) for c, a, t in stores]
        out.functions[fid] = f
    return out
