"""A compact pickled form of ``ModuleFacts``: what workers send back and what a cache stores.

Facts are mostly the same few things over and over: the file's path, a function's id, the code on a line, the
location of a node that a loop visited twice, one callee name at a hundred call sites, one parameter's taint
passed to ten calls. Here each distinct string, location, trace step, origin, trace and taint is written once,
in a table of its kind, and everything else refers to it by its number in that table; the numbers go into
arrays of machine integers (two bytes each in most modules) rather than one pickled object apiece. Loading
builds each distinct object once, when first needed: a call site's arguments, location and code stay in the
arrays until the cross-module phase reads them (most it never does; see ``CallSite``). The objects rebuilt are
the same types with the same values, so the cross-module phase cannot tell.

Numbers that may stand for ``None`` (a location's path when it is the module's own, an end line or column, a
call's receiver, a function's location, a parameter name) are stored plus one, with 0 for ``None``.
"""

from __future__ import annotations

import pickle
import zlib
from array import array

from ..findings import Location, TraceStep
from .gc_pause import paused_gc
from .values import Origin

FORMAT = 5
# An origin whose key holds something other than strings and counts (none does today) is stored as it is.
_RAW_KEY = 1 << 30


def _packed(numbers: list[int]) -> array:
    """The smallest unsigned array that holds ``numbers``."""
    top = max(numbers, default=0)
    code = next(c for c in "BHILQ" if top < 1 << 8 * _ITEM_SIZES[c])
    return array(code, numbers)


_ITEM_SIZES = {c: array(c).itemsize for c in "BHILQ"}


class _Table(dict):
    """Distinct values of one kind → their numbers, in order of first use: ``table[value]`` numbers a new value,
    and iterating lists the values in that order."""

    __slots__ = ()

    def __missing__(self, encoded) -> int:
        number = self[encoded] = len(self)
        return number


def _flatten(rows: list[tuple]) -> tuple[array, array]:
    """Variable-length rows → (starts, data): row i is data[starts[i]:starts[i + 1]]."""
    starts = [0]
    data: list[int] = []
    for row in rows:
        data += row
        starts.append(len(data))
    return _packed(starts), _packed(data)


def encode(facts, compress: bool = True) -> tuple:
    """``ModuleFacts`` → tables and arrays of numbers (see the module docstring); ``compress=False`` for bytes
    that only cross a pipe once (see ``ForOnePipe``)."""
    with paused_gc():  # builds no cycles; see gc_pause
        return _encode(facts, compress)


class ForOnePipe:
    """Pickles as the facts it holds, in the compact form but not compressed: a worker's facts that go to the
    main process once and are loaded there (no cache to store them), where compressing and decompressing would
    cost more CPU than the bytes it saves."""

    __slots__ = ("facts",)

    def __init__(self, facts):
        self.facts = facts

    def __reduce__(self):
        return decode, (encode(self.facts, compress=False),)


def _encode(facts, compress: bool = True) -> tuple:  # noqa: C901 - one pass, its helpers inlined: this runs for every module
    """Each table numbers its distinct values in order of first use. Objects already met are found by identity
    first (``*_met``): the analyser shares one object per location, step, trace and taint wherever it can, so
    most are numbered once and then only looked up."""
    path = facts.path
    strings, names, locations, steps = _Table(), _Table(), _Table(), _Table()
    origins, cleans, traces, taints = _Table(), _Table(), _Table(), _Table()
    odd_origins: list[Origin] = []
    string = strings.__getitem__
    step_met: dict[int, int] = {}
    origin_met: dict[int, int] = {}
    trace_met: dict[int, int] = {}
    taint_met: dict[int, int] = {}

    def name_list(items) -> int:
        return names[tuple([string(n) for n in items])]

    def location(loc: Location) -> int:  # (nearly every location is met once: no look-up by identity first)
        line, column, end_line, end_column = loc.line, loc.column, loc.end_line, loc.end_column
        if line < 0 or column < 0 or (end_line is not None and end_line < 0) or \
                (end_column is not None and end_column < 0):
            raise ValueError(f"location {loc!r} cannot be stored compactly")  # (the arrays take no fractions)
        return locations.setdefault((0 if loc.path == path else string(loc.path) + 1, line, column,
                                     0 if end_line is None else end_line + 1,
                                     0 if end_column is None else end_column + 1), len(locations))

    def origin(item: Origin) -> int:
        kinds = 0  # bit i set: element i of the key is a string (stored by its number)
        row = [string(item.kind), string(item.desc), 0]
        for i, part in enumerate(item.key):
            if part.__class__ is str:
                kinds |= 1 << i
                row.append(string(part))
            elif part.__class__ is int and part >= 0 and i < 30:
                row.append(part)
            else:
                row[2:] = [_RAW_KEY, len(odd_origins)]
                odd_origins.append(item)
                break
        else:
            row[2] = kinds
        found = origin_met[id(item)] = origins.setdefault(tuple(row), len(origins))
        return found

    def trace(items: tuple) -> int:
        row = []
        for step in items:
            found = step_met.get(id(step))
            if found is None:
                found = step_met[id(step)] = steps.setdefault(
                    (location(step.location), string(step.code), string(step.note)), len(steps))
            row.append(found)
        found = trace_met[id(items)] = traces.setdefault(tuple(row), len(traces))
        return found

    def taint(labels: dict) -> int:
        found = taint_met.get(id(labels))
        if found is None:
            flat: list[int] = []
            for (item, clean), items in labels.items():
                first = origin_met.get(id(item))
                if first is None:
                    first = origin(item)
                second = cleans[clean]
                third = trace_met.get(id(items))
                flat += (first, second, trace(items) if third is None else third)
            found = taint_met[id(labels)] = taints.setdefault(tuple(flat), len(taints))
        return found

    name_numbers: dict[tuple, int] = {}  # callee lists by value: each site builds its own tuple
    functions: list[int] = []
    sinks: list[int] = []
    calls: list[int] = []
    stores: list[int] = []
    for f in facts.functions.values():
        functions += (string(f.id), name_list(f.params), 0 if f.vararg is None else string(f.vararg) + 1,
                      0 if f.kwarg is None else string(f.kwarg) + 1, taint(f.returns),
                      0 if f.location is None else location(f.location) + 1,
                      len(f.sinks), len(f.calls), len(f.field_stores))
        for s in f.sinks:
            sinks += (string(s.kind), taint(s.taint), location(s.location), string(s.code), string(s.api),
                      string(s.hint))
        for key, cs in f.calls.items():
            if key != cs.id:
                raise ValueError(f"call site {cs.id} filed under {key}")
            args, kwargs, callees, receiver = cs.args, cs.kwargs, cs.callees, cs.receiver
            names_at = name_numbers.get(callees)
            if names_at is None:
                names_at = name_numbers[callees] = name_list(callees)
            calls += (cs.id, names_at, 1 if cs.is_method else 0, location(cs.location), string(cs.code),
                      0 if receiver is None else taint(receiver) + 1, len(args))
            for a in args:
                found = taint_met.get(id(a))
                calls.append(taint(a) if found is None else found)
            calls.append(len(kwargs))
            for k, v in kwargs.items():
                found = taint_met.get(id(v))
                calls += (string(k), taint(v) if found is None else found)
        for cls, attr, t in f.field_stores:
            stores += (string(cls), string(attr), taint(t))
    classes: list[int] = []
    for cls, bases in facts.classes.items():
        classes += (string(cls), name_list(bases))
    exports: list[int] = []
    for name, target in facts.exports.items():
        exports += (string(name), string(target))
    clean_rows = tuple(tuple(string(kind) for kind in clean) for clean in list(cleans))
    tables = (tuple(strings), *_flatten(names), *_flatten(origins), tuple(odd_origins),
              clean_rows, _packed([n for loc in locations for n in loc]),
              _packed([n for step in steps for n in step]), *_flatten(traces),
              *_flatten(taints), _packed(functions), _packed(sinks), _packed(calls), _packed(stores),
              _packed(classes), _packed(exports), tuple(facts.diagnostics),
              tuple((target, tuple(params), framework) for target, params, framework in facts.routes),
              facts.entry_scope)
    # code lines, notes and qualified names are text: compressed, the whole is a third of its size
    if not compress:
        return FORMAT, facts.path, facts.module, pickle.dumps(tables, protocol=5), False
    return FORMAT, facts.path, facts.module, zlib.compress(pickle.dumps(tables, protocol=5), 1)


class _Decoder:
    """Rebuilds each distinct object once, on first use; the tables stay for call sites read later."""

    def __init__(self, path: str, tables: tuple):
        self.path = path
        (self.strings, self.name_starts, self.name_data, self.origin_starts, self.origin_data, self.odd_origins,
         cleans, self.location_data, self.step_data, self.trace_starts, self.trace_data, self.taint_starts,
         self.taint_data, _, _, self.calls, _, _, _, _, _, _) = tables
        strings = self.strings
        self.cleans = [frozenset(strings[k] for k in clean) for clean in cleans]
        self.names: list = [None] * (len(self.name_starts) - 1)
        self.locations: list = [None] * (len(self.location_data) // 5)
        self.steps: list = [None] * (len(self.step_data) // 3)
        self.origins: list = [None] * (len(self.origin_starts) - 1)
        self.traces: list = [None] * (len(self.trace_starts) - 1)
        self.taints: list = [None] * (len(self.taint_starts) - 1)

    def location(self, number: int) -> Location:
        found = self.locations[number]
        if found is None:
            at = number * 5
            path, line, column, end_line, end_column = self.location_data[at:at + 5]
            found = self.locations[number] = Location(self.path if path == 0 else self.strings[path - 1], line,
                                                      column, end_line - 1 if end_line else None,
                                                      end_column - 1 if end_column else None)
        return found

    def step(self, number: int) -> TraceStep:
        found = self.steps[number]
        if found is None:
            at = number * 3
            loc, code, note = self.step_data[at:at + 3]
            found = self.steps[number] = TraceStep(self.location(loc), self.strings[code], self.strings[note])
        return found

    def origin(self, number: int) -> Origin:
        found = self.origins[number]
        if found is None:
            row = self.origin_data[self.origin_starts[number]:self.origin_starts[number + 1]]
            kind, desc, kinds = row[0], self.strings[row[1]], row[2]
            if kinds == _RAW_KEY:
                found = self.odd_origins[row[3]]
            else:
                strings = self.strings
                key = tuple(strings[part] if kinds >> i & 1 else part for i, part in enumerate(row[3:]))
                found = Origin(strings[kind], key, desc)
            self.origins[number] = found
        return found

    def name_list(self, number: int) -> tuple:
        found = self.names[number]
        if found is None:
            strings = self.strings
            found = self.names[number] = tuple(
                strings[n] for n in self.name_data[self.name_starts[number]:self.name_starts[number + 1]])
        return found

    def trace(self, number: int) -> tuple:
        found = self.traces[number]
        if found is None:
            step = self.step
            found = self.traces[number] = tuple(
                step(s) for s in self.trace_data[self.trace_starts[number]:self.trace_starts[number + 1]])
        return found

    def taint(self, number: int) -> dict:
        """One dict per distinct taint, shared by everything that holds it (taints are never changed in place)."""
        found = self.taints[number]
        if found is None:
            flat = self.taint_data[self.taint_starts[number]:self.taint_starts[number + 1]]
            origin, cleans, trace = self.origin, self.cleans, self.trace
            found = self.taints[number] = {(origin(flat[i]), cleans[flat[i + 1]]): trace(flat[i + 2])
                                           for i in range(0, len(flat), 3)}
        return found

    def call_rest(self, at: int) -> tuple:
        """A call site's arguments, keyword arguments, receiver, location and code (for ``CallSite``)."""
        data, taint = self.calls, self.taint
        loc, code, receiver, count = data[at:at + 4]
        at += 4
        args = [taint(n) for n in data[at:at + count]]
        at += count
        count = data[at]
        strings = self.strings
        kwargs = {strings[data[i]]: taint(data[i + 1]) for i in range(at + 1, at + 1 + 2 * count, 2)}
        return args, kwargs, taint(receiver - 1) if receiver else None, self.location(loc), strings[code]


def decode(state: tuple):
    """The inverse of ``encode``: equal values come back as shared objects of the original types."""
    with paused_gc():
        return _decode(state)


def _decode(state: tuple):
    from .facts import CallSite, FunctionFacts, ModuleFacts, SinkFact

    if state[0] != FORMAT:
        raise ValueError(f"facts format {state[0]}, expected {FORMAT}")
    _, path, module, blob, *compressed = state
    tables = pickle.loads(zlib.decompress(blob) if compressed != [False] else blob)
    functions, sinks, calls, stores, classes, exports, diagnostics, routes, entry_scope = tables[13:]
    d = _Decoder(path, tables)
    strings, names, taint, location = d.strings, d.name_list, d.taint, d.location
    deferred, call_rest, loaded_names = CallSite.deferred, d.call_rest, d.names
    out = ModuleFacts(path=path, module=module, diagnostics=list(diagnostics),
                      routes=[(target, tuple(params), framework) for target, params, framework in routes],
                      entry_scope=entry_scope)
    out.classes = {strings[classes[i]]: names(classes[i + 1]) for i in range(0, len(classes), 2)}
    out.exports = {strings[exports[i]]: strings[exports[i + 1]] for i in range(0, len(exports), 2)}
    table = out.functions
    at_sink = at_call = at_store = 0
    for at in range(0, len(functions), 9):
        fid, params, vararg, kwarg, returns, loc, n_sinks, n_calls, n_stores = functions[at:at + 9]
        fid = strings[fid]
        f = FunctionFacts(id=fid, params=list(names(params)), vararg=strings[vararg - 1] if vararg else None,
                          kwarg=strings[kwarg - 1] if kwarg else None, returns=taint(returns),
                          location=location(loc - 1) if loc else None)
        if n_sinks:
            end = at_sink + 6 * n_sinks
            f.sinks = [SinkFact(strings[sinks[i]], taint(sinks[i + 1]), location(sinks[i + 2]), strings[sinks[i + 3]],
                                strings[sinks[i + 4]], strings[sinks[i + 5]]) for i in range(at_sink, end, 6)]
            at_sink = end
        if n_calls:
            sites = f.calls
            for _ in range(n_calls):
                cid = calls[at_call]  # id, callees, is_method, location, code, receiver, n, n args, k, k pairs
                callees = loaded_names[calls[at_call + 1]] or names(calls[at_call + 1])
                sites[cid] = deferred(cid, callees, calls[at_call + 2] == 1, call_rest, at_call + 3)
                at_keywords = at_call + 7 + calls[at_call + 6]
                at_call = at_keywords + 1 + 2 * calls[at_keywords]
        if n_stores:
            end = at_store + 3 * n_stores
            f.field_stores = [(strings[stores[i]], strings[stores[i + 1]], taint(stores[i + 2]))
                              for i in range(at_store, end, 3)]
            at_store = end
        table[fid] = f
    return out
