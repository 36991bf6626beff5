"""The cross-module phase: function summaries and the fixpoint that connects sources to sinks across the tree.

Each function's facts speak of its own parameters and of call sites not yet understood. Here every call site is
resolved to a function of the scanned tree (through imports, classes and their bases, methods through ``self``)
or else treated as a library call that passes its arguments' taint through. Then each sink's taint is rewritten,
through the results of calls, the fields of classes and the callers of functions, into real sources.

Why cells: every intermediate result is a *cell* with a key — a function's return summary, a call site's
result, a class field's sources, the sources reaching a parameter from every caller, a sink's flows — whose
value is a function of its inputs (facts) and of other cells. Cells are evaluated on demand, starting from the
sinks, and re-evaluated when a cell they read changes, until nothing changes: the least fixpoint. Every step is
monotone (labels are only added; for each label the shortest trace is kept, ties broken by a fixed order of
trace steps), so that fixpoint does not depend on the order of evaluation. That is what makes results
reusable: after an edit, only the cells that read something the edit changed — and the cells that read those —
are evaluated again (``SolveState``), and the result is exactly what a cold run gives.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable

from ..cwe import pillar_of
from ..findings import Confidence, Diagnostic, Finding, TraceStep
from ..rules.registry import Rule
from .entrypoints import ROUTE, route_kept, route_table
from .facts import STARRED, CallSite, FunctionFacts, ModuleFacts
from .typeflow import ATTR, OBJ, TYPED, data, expand, identity, read_back
from .values import OPAQUE, OPERATOR, Taint, is_stored, join_taint, mark, sensitive_category, typed_origin
from .flow.sensitive import SENSITIVE_CLEAN, SENSITIVE_SINKS, sensitive_rule_kind

TEMPLATE_SINK_KIND = "template-xss"  # the rule for a render call's context variable (see templates/link.py)

MAX_WORK = 6_000_000  # labels handled, a guard against pathological trees; reaching it is reported
MAX_HOPS = 8  # function boundaries a reported flow may cross (each adds imprecision); longer ones: a warning
# Sink kinds reported for a parameter of a public application function nothing calls ("origin unknown"): the
# ones where any caller's value is dangerous, query languages and outgoing requests included. File-path and
# markup sinks stay out (a helper that opens the path or renders the HTML it is given does so by design), and so
# do log, header and trust sinks, whose findings need a real origin to be worth a look.
UNKNOWN_ORIGIN_KINDS = frozenset({"sql", "deserialization", "code", "command", "ssrf", "redirect", "xpath", "ldap",
                                  "template", "xxe", "nosql"})
# Sink kinds reported only for flows that carry a mark (in the label's set, beside sanitised kinds): a NoSQL
# query is injectable by structured data (parsed JSON), not by a string (flow.knowledge.STRUCTURED)
MARKED_KINDS = {"nosql": "structured"}
MAX_NESTING = 120  # cells evaluated inside one another before the next one is queued instead (stack depth)

# Cell kinds: the first item of a cell's key.
RETURNS = "R"  # ("R", fid): what a function returns, in sources and its own parameters
CALL = "C"  # ("C", fid, site id): the result of one call site, in sources and the caller's parameters
FIELD = "F"  # ("F", class, attribute): sources written into a class's attribute anywhere in the tree
PARAM = "P"  # ("P", fid, parameter): sources that reach a parameter from any caller (context-insensitive)
SINK = "S"  # ("S", fid, sink index): the labels reaching one sink, parameters expanded through callers

# Inputs a cell reads, besides other cells: what an edit can change under it.
FACTS = "f"  # ("f", fid): a function's own facts (returns, sinks, call sites, their resolved targets)
CALLERS = "c"  # ("c", fid): the list of call sites that resolve to a function
STORES = "s"  # ("s", class, attribute): the field stores into an attribute
BASES = "b"  # ("b", class): a class's bases
ROUTES = "r"  # ("r",): the views the tree registers (URLconfs, add_url_rule), see python/entrypoints.py


@dataclass
class ModuleInput:
    """One module handed to the cross-module phase: its facts are loaded (unpickled) only when a cell needs
    them, so a re-scan that reuses most cells decodes only the modules it changed and the few it reads."""

    path: str
    identity: str  # changes whenever the facts may have (the per-file cache key); "" when unknown
    load: Callable[[], ModuleFacts]

    @classmethod
    def of(cls, facts: ModuleFacts, identity: str = "") -> "ModuleInput":
        return cls(facts.path, identity, lambda: facts)


@dataclass
class _ModuleShape:
    """What the tree's index keeps of one module: enough to resolve names without its facts."""

    identity: str
    module: str
    functions: tuple[str, ...]
    classes: dict[str, tuple[str, ...]]
    exports: dict[str, str]
    diagnostics: list[str]
    takes_self: dict[str, bool]
    sites: dict[str, tuple[tuple[int, tuple], ...]]  # fid -> ((site id, (callees, is_method)), ...)
    sinks: dict[str, tuple[tuple[str, str], ...]]  # fid -> ((kind, hint), ...)
    stores: dict[str, tuple[tuple[str, str], ...]]  # fid -> ((class, attribute), ...)
    routes: tuple = ()  # ((registered function or class, constrained parameters, framework), ...)
    entry_scope: bool = False  # ModuleFacts.entry_scope

    @classmethod
    def of(cls, mf: ModuleFacts, identity: str) -> "_ModuleShape":
        functions = mf.functions
        return cls(
            identity, mf.module, tuple(functions), mf.classes, mf.exports, mf.diagnostics,
            {fid: bool(f.params) and f.params[0] in ("self", "cls") for fid, f in functions.items()},
            {fid: tuple((cs.id, (cs.callees, cs.is_method)) for cs in f.calls.values())
             for fid, f in functions.items() if f.calls},
            {fid: tuple((k.kind, k.hint) for k in f.sinks) for fid, f in functions.items() if f.sinks},
            {fid: tuple((c, a) for c, a, _ in f.field_stores) for fid, f in functions.items() if f.field_stores},
            tuple((target, tuple(params), framework) for target, params, framework in getattr(mf, "routes", ())),
            mf.entry_scope,
        )

    def interface(self) -> tuple:
        return (self.module, self.functions, self.classes, self.exports, self.takes_self, self.entry_scope)


class TreeIndex:
    """The names of the tree and where every call site leads, built from every module's shape: the part of the
    cross-module phase that needs every module, kept between runs so that a re-scan updates it per module."""

    def __init__(self, shapes: dict[str, _ModuleShape], callees: dict[tuple, tuple[str, int] | None] | None = None,
                 callee_reads: dict[tuple, set[str]] | None = None, record: bool = True):
        self.shapes = shapes  # path -> shape, in scan order
        self.module_of: dict[str, str] = {}
        self.takes_self: dict[str, bool] = {}
        self.classes: dict[str, tuple[str, ...]] = {}
        self.exports: dict[str, dict[str, str]] = {}
        self.unique = True  # no function, class or module name defined twice (else updates rebuild)
        # functions whose name another module redefines (a script ``tool.py`` beside a package ``tool/``): the
        # last definition wins, as when facts load in scan order, and the first one's flows are not followed
        self.shadowed: dict[str, list[str]] = {}
        for path, shape in shapes.items():
            if shape.module in self.exports:
                self.unique = False
            self.exports[shape.module] = shape.exports
            for fid in shape.functions:
                if fid in self.module_of:
                    self.unique = False
                    self.shadowed.setdefault(self.module_of[fid], []).append(fid)
                self.module_of[fid] = path
            self.takes_self.update(shape.takes_self)
            if not self.unique or any(c in self.classes for c in shape.classes):
                self.unique = False
            self.classes.update(shape.classes)
        # last part -> the function names, and the class names, that end so (see _suffix_hit)
        self._by_last: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
        self._suffix_hits: dict[str, str | None] = {}
        self._last: set[str] | None = None  # the last part of every function and class name
        self._lookups: dict[str, str | None] = {}
        self._methods: dict[tuple[str, str], str | None] = {}
        self._callees: dict[tuple, tuple[str, int] | None] = callees if callees is not None else {}
        # What each resolution read: the last part of every name it asked about (a name's membership, its
        # suffixes, a re-export, a class's bases and methods all share their name's last part), so that when
        # names change, only the resolutions that asked about one of them are done again.
        self._callee_reads: dict[tuple, set[str]] = callee_reads if callee_reads is not None else {}
        self._lookup_reads: dict[str, set[str]] = {}
        self._method_reads: dict[tuple[str, str], set[str]] = {}
        self._reading: set[str] | None = None
        self._record = record  # what each resolution read, for ``reindexed``: not when the index is not kept
        self.targets: dict[tuple[str, int], tuple[str, int] | None] = {}
        # (caller's package, callee list) -> what _resolve_near found: the same open callee list recurs at many
        # sites of a package, and looking it up again from each folder outwards was a third of the index's time
        self._near: dict[tuple, tuple[str, int] | None] = {}
        for path, shape in shapes.items():
            self._resolve_sites(path, shape)
        self._route_table()

    def _route_table(self) -> None:
        """The registered views, by the name of the function or class they resolve to."""
        pairs = []
        for shape in self.shapes.values():
            for target, params, framework in shape.routes:
                found = self._lookup(target) if not self._names(target) else target
                pairs.append((found or target, params, framework))
        self.routes, self.route_frameworks = route_table(pairs)

    def __reduce__(self):
        """Kept in the cache as the module shapes and the resolution of each distinct callee list: the rest is
        rebuilt from those in a fraction of the time it takes to unpickle it (the name tables are large)."""
        return TreeIndex, (self.shapes, self._callees, self._callee_reads)

    def _resolve_sites(self, path: str, shape: _ModuleShape) -> None:
        callees, targets, module_of = self._callees, self.targets, self.module_of
        for fid, sites in shape.sites.items():
            if module_of.get(fid) != path:  # redefined by a later module: its call sites are not fid's
                continue
            for site_id, memo_key in sites:
                if memo_key in callees:  # most sites: a list of callees seen before
                    target = callees[memo_key]
                else:
                    target = self._remembered(callees, self._callee_reads, memo_key,
                                              lambda: self._resolve_callee(*memo_key))
                if target is None:
                    near_key = (shape.module.rpartition(".")[0], memo_key)
                    if near_key in self._near:
                        target = self._near[near_key]
                    else:
                        target = self._near[near_key] = self._resolve_near(shape.module, memo_key)
                targets[(fid, site_id)] = target

    def _resolve_near(self, module: str, memo_key: tuple) -> tuple[str, int] | None:
        """A callee the tree-wide names leave open (no module of that name, or several that end so), looked up
        from the caller's own folder outwards: a folder holding a script is its own import root (``import
        libuser`` beside ``app.py``, run from there), and a package need not start at the scan root
        (``src/shop``, or several services each with an ``app`` package)."""
        callees, is_method = memo_key
        parts = module.split(".")[:-1]
        if not parts or not any("." in name for name in callees):
            return None
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if any(name.startswith(prefix + ".") for name in callees):
                continue  # already qualified from here (a relative import)
            key = (tuple(f"{prefix}.{name}" for name in callees), is_method)
            found = self._remembered(self._callees, self._callee_reads, key, lambda: self._resolve_callee(*key))
            if found is not None:
                return found
        return None

    def reindexed(self, shapes: dict[str, _ModuleShape], changed: set[str]) -> "TreeIndex":
        """A new index for a tree whose names changed in the modules ``changed``: the resolutions that asked
        about none of the names added, removed or redefined there are kept, the others done again."""
        touched: set[str] = set()
        for path in changed:
            before, after = self.shapes.get(path), shapes.get(path)
            old_names = _names_of(before) if before is not None else set()
            new_names = _names_of(after) if after is not None else set()
            touched.update(name.rpartition(".")[2] for name, _ in old_names ^ new_names)
        reads = self._callee_reads
        kept = {key: target for key, target in self._callees.items()
                if key in reads and not (reads[key] & touched)}
        return TreeIndex(shapes, kept, {key: reads[key] for key in kept})

    def updated(self, shapes: dict[str, _ModuleShape], changed: set[str]) -> "TreeIndex":
        """This index, taken over for a tree that differs from it only inside the modules ``changed``, whose
        names (functions, classes, exports, the ``self`` of methods) are as they were: what resolves where is
        unchanged, so only those modules' own call sites are resolved again."""
        for path in changed:
            for fid, sites in self.shapes[path].sites.items():
                for site_id, _ in sites:
                    del self.targets[(fid, site_id)]
        self.shapes = shapes
        for path in changed:
            self._resolve_sites(path, shapes[path])
        self._route_table()
        return self

    # --- resolving callees -----------------------------------------------------------------------------------
    def _names(self, name: str) -> bool:
        return name in self.module_of or name in self.classes

    def _suffix_hit(self, suffix: str, last: str) -> str | None:
        """The one function or class name of the tree that ends in ``.suffix`` (a name counted as often as it is
        defined: as a function and as a class is twice), or None when there is none or several. Found among the
        names that end in ``last`` and remembered per suffix asked, instead of a table of every suffix of every
        name (half a million strings on Nova: 35 MB of the cross-module phase)."""
        if suffix in self._suffix_hits:
            return self._suffix_hits[suffix]
        if self._by_last is None:
            functions: dict[str, list[str]] = defaultdict(list)
            classes: dict[str, list[str]] = defaultdict(list)
            for table, names in ((functions, self.module_of), (classes, self.classes)):
                for name in names:
                    table[name.rpartition(".")[2]].append(name)
            self._by_last = (functions, classes)
        tail = "." + suffix
        found, count = None, 0
        for table in self._by_last:
            for name in table.get(last, ()):
                if name.endswith(tail):
                    found, count = name, count + 1
        self._suffix_hits[suffix] = found = found if count == 1 else None
        return found

    def _read(self, name: str) -> None:
        if self._reading is not None:
            self._reading.add(name.rpartition(".")[2])

    def _remembered(self, memo: dict, reads: dict, key, compute: Callable[[], Any]) -> Any:
        """``memo[key]``, computed once. When recording, what computing it read is kept beside it, and added to
        whatever resolution asks now: a memo hit reads what the first computation read."""
        if key in memo:
            found = memo[key]
        elif not self._record:
            found = memo[key] = compute()
        else:
            outer, self._reading = self._reading, set()
            found = memo[key] = compute()
            reads[key], self._reading = self._reading, outer
        if self._reading is not None:
            self._reading |= reads[key]
        return found

    def _lookup(self, name: str, hops: int = 0) -> str | None:
        if hops == 0:
            return self._remembered(self._lookups, self._lookup_reads, name, lambda: self._lookup_uncached(name, 0))
        return self._lookup_uncached(name, hops)

    def _lookup_uncached(self, name: str, hops: int) -> str | None:
        self._read(name)
        module, _, attr = name.rpartition(".")
        defined = attr in self._last_parts()  # a name or suffix of the tree ends as the name does, or none can
        if defined and self._names(name):
            return name
        exports = self.exports.get(module, {})
        reexported = exports.get(attr)
        if reexported and reexported != name and hops < 4:  # `from .storage import f` in a package __init__
            found = self._lookup(reexported, hops + 1)
            if found:
                return found
        if hops < 4 and not attr.startswith("*"):  # `from .models import *`: the name may be any star module's
            for n in range(len(exports) + 1):
                self._read(f"*{n}")  # whether the module star-imports (one more) module
                star = exports.get(f"*{n}")
                if star is None:
                    break
                folder = module.split(".")[:-1]  # a sibling module of a script, like the import itself
                for candidate in [star, *(".".join(folder[:cut] + [star]) for cut in range(len(folder), 0, -1))]:
                    found = self._lookup(f"{candidate}.{attr}", hops + 1)
                    if found:
                        return found
        if not defined:
            return None
        parts = name.split(".")
        for i in range(1, len(parts) - 1):
            hit = self._suffix_hit(".".join(parts[i:]), attr)
            if hit is not None:
                return hit
        return None

    def _last_parts(self) -> set[str]:
        if self._last is None:
            self._last = {name.rpartition(".")[2] for name in self.module_of}
            self._last.update(name.rpartition(".")[2] for name in self.classes)
        return self._last

    def _method(self, cls: str, method: str, seen: set | None = None) -> str | None:
        if seen is None:
            return self._remembered(self._methods, self._method_reads, (cls, method),
                                    lambda: self._method_uncached(cls, method, set()))
        return self._method_uncached(cls, method, seen)

    def _method_uncached(self, cls: str, method: str, seen: set) -> str | None:
        self._read(cls)  # its bases
        self._read(method)
        if cls in seen:
            return None
        seen.add(cls)
        candidate = f"{cls}.{method}"
        if candidate in self.module_of:
            return candidate
        for base in self.classes.get(cls, ()):
            found = self._lookup(base)
            if found and found in self.classes:
                hit = self._method(found, method, seen)
                if hit:
                    return hit
        return None

    def _resolve_callee(self, callees: tuple[str, ...], is_method: bool) -> tuple[str, int] | None:
        """(function id, offset) where offset 1 means positional arguments start at the second parameter."""
        for name in callees:
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
            self._read(owner)  # whether it is a class
            self._read(found)  # its parameters
            return found, 1 if (is_method or owner in self.classes) and self.takes_self[found] else 0
        return None


def _names_of(shape: _ModuleShape) -> set:
    """Every name a module defines for resolution, with what defines it: a function (and whether it takes
    ``self``), a class (and its bases), an export (and its target). A name whose definition changed appears in
    the symmetric difference of the two sets, like one added or removed."""
    names: set = {(fid, shape.takes_self.get(fid)) for fid in shape.functions}
    names.update((cls, bases) for cls, bases in shape.classes.items())
    names.update((f"{shape.module}.{attr}", target) for attr, target in shape.exports.items())
    return names


class _Functions:
    """Function id -> facts, each module unpickled the first time one of its functions is asked for."""

    def __init__(self, index: TreeIndex, inputs: dict[str, ModuleInput], loaded: dict[str, ModuleFacts]):
        self._index, self._inputs, self._loaded = index, inputs, loaded
        self._functions: dict[str, FunctionFacts] = {}
        for mf in loaded.values():
            self._functions.update(mf.functions)

    def get(self, fid: str) -> FunctionFacts | None:
        found = self._functions.get(fid)
        if found is None:
            path = self._index.module_of.get(fid)
            if path is None or path in self._loaded:
                return None
            mf = self._loaded[path] = self._inputs[path].load()
            self._functions.update(mf.functions)
            found = self._functions.get(fid)
        return found

    def __getitem__(self, fid: str) -> FunctionFacts:
        found = self.get(fid)
        if found is None:
            raise KeyError(fid)
        return found


class Solver:
    def __init__(self, index: TreeIndex, inputs: dict[str, ModuleInput], loaded: dict[str, ModuleFacts]):
        self.index = index
        self.functions = _Functions(index, inputs, loaded)
        self.targets = index.targets
        self.diagnostics = [Diagnostic(path, text, kind="warning")
                            for path, shape in index.shapes.items() for text in shape.diagnostics]
        for path, fids in index.shadowed.items():
            parts = sorted({fid.rpartition(".")[2] for fid in fids})
            names = ", ".join("its module-level code" if p == "<module>" else p for p in parts[:5])
            self.diagnostics.append(Diagnostic(path, f"another module of the tree has the same name and defines "
                                               f"{names} too: the data flows of this file's definitions are not "
                                               "followed", kind="warning"))
        self.callers: dict[str, list[tuple[str, int, int]]] = defaultdict(list)  # callee -> (caller, site, offset)
        for (fid, site_id), target in self.targets.items():
            if target is not None:
                self.callers[target[0]].append((fid, site_id, target[1]))
        self.fields: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)  # -> (function, store n)
        for shape in index.shapes.values():
            for fid, stores in shape.stores.items():
                for n, field_key in enumerate(stores):
                    self.fields[field_key].append((fid, n))
        self.values: dict[tuple, Taint] = {}
        self.dependents: dict[tuple, set[tuple]] = defaultdict(set)  # cell -> cells that read it
        self.readers: dict[tuple, set[tuple]] = defaultdict(set)  # input -> cells that read it
        self._current: tuple | None = None  # the cell being evaluated
        self._nesting = 0
        self._early: set[tuple] = set()  # cells read before their first evaluation finished (cycles)
        self._in_progress: set[tuple] = set()
        self._queue: list[tuple] = []
        self.evaluations = 0
        self.work = 0

    # --- argument mapping ------------------------------------------------------------------------------------
    def _arg_taint(self, cs: CallSite, callee: FunctionFacts, pname: str, offset: int) -> Taint:
        params = callee.params
        if "[" in pname:  # one slot of the packed arguments: options['user'] of **options, values[1] of *values
            return self._packed_arg_taint(cs, callee, pname, offset)
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

    def _packed_arg_taint(self, cs: CallSite, callee: FunctionFacts, pname: str, offset: int) -> Taint:
        base, _, rest = pname.partition("[")
        try:
            key = ast.literal_eval(rest[:-1])
        except (ValueError, SyntaxError):
            key = None
        params = callee.params
        if base == callee.kwarg and isinstance(key, str):
            if key in cs.kwargs and key not in params:
                return cs.kwargs[key]
            return cs.kwargs.get("**", {})  # not passed by name: only a ** mapping of the caller can hold it
        if base == callee.vararg and isinstance(key, int) and STARRED not in cs.kwargs:
            pos = max(0, len(params) - offset) + key
            return cs.args[pos] if pos < len(cs.args) else {}
        return self._arg_taint(cs, callee, base, offset)  # *seq at the call: positions unknown

    # --- cells -----------------------------------------------------------------------------------------------
    def _read(self, source: tuple) -> None:
        """Note that the cell being evaluated reads ``source`` (facts, callers, stores or bases)."""
        if self._current is not None:
            self.readers[source].add(self._current)

    def cell(self, key: tuple) -> Taint:
        """The value of a cell as far as it is known now; the reader is re-evaluated if it changes later."""
        current = self._current
        if current is not None:
            self.dependents[key].add(current)
        value = self.values.get(key)
        if value is not None:
            if key in self._in_progress:
                self._early.add(key)
            return value
        if self._nesting >= MAX_NESTING or self.work > MAX_WORK:
            self.values[key] = {}
            self._early.add(key)
            self._queue.append(key)
            return {}
        return self._evaluate(key)

    def _evaluate(self, key: tuple) -> Taint:
        first = key not in self.values
        if first:
            self.values[key] = {}
        saved, self._current = self._current, key
        self._nesting += 1
        self._in_progress.add(key)
        try:
            new = self._compute(key)
        finally:
            self._in_progress.discard(key)
            self._nesting -= 1
            self._current = saved
        self.evaluations += 1
        old = self.values[key]
        self.values[key] = new
        if new != old:
            if not first or key in self._early:
                self._queue.extend(self.dependents.get(key, ()))
        self._early.discard(key)
        return new

    def _compute(self, key: tuple) -> Taint:
        kind = key[0]
        if kind == CALL:
            return self._compute_call(key[1], key[2])
        if kind == RETURNS:
            self._read((FACTS, key[1]))
            facts = self.functions.get(key[1])
            return self.resolve(facts.returns, key[1]) if facts is not None else {}
        if kind == PARAM:
            return self._compute_param(key[1], key[2])
        if kind == FIELD:
            return self._compute_field(key[1], key[2])
        if kind == SINK:
            return self._compute_sink(key[1], key[2])
        raise ValueError(f"unknown cell {key!r}")

    def settle(self) -> None:
        """Re-evaluate queued cells until no value changes: the least fixpoint of every cell evaluated so far."""
        queue = self._queue
        while queue and self.work <= MAX_WORK:
            key = queue.pop()
            if key in self.values:
                self._evaluate(key)

    # --- resolution ------------------------------------------------------------------------------------------
    def resolve(self, taint: Taint, fid: str) -> Taint:
        """Rewrite ``taint`` in function ``fid`` to sources and ``fid``'s own parameters only."""
        out: Taint = {}
        for (origin, clean), trace in taint.items():
            self.work += 1
            kind = origin.kind
            if kind == "source":
                if len(origin.key) >= 5:  # a view-shaped function that the tree calls itself: callers say
                    self._read((CALLERS, origin.key[4]))
                    if self.callers.get(origin.key[4]):
                        continue
                    if origin.key[3] == ROUTE:  # a view only if some module registers it (or none does)
                        self._read((ROUTES,))
                        if not route_kept(origin.key, self.index.routes, self.index.route_frameworks):
                            continue
                _put(out, (origin, clean), trace)
                continue
            if kind == "param" or kind == TYPED:
                _put(out, (origin, clean), trace)
                continue
            if kind == ATTR or kind == OBJ:
                self._resolve_object(origin, clean, trace, out)
                continue
            if kind == "call":
                inner = self.cell((CALL, origin.key[0], origin.key[1]))
            elif kind == "field":
                inner = self.cell((FIELD, origin.key[0], origin.key[1]))
            else:
                continue
            for (o2, c2), t2 in inner.items():
                if not (o2.kind == TYPED or o2.kind == OBJ):  # what the data came from, not what object it was
                    _put(out, (o2, clean | c2), t2 + trace)
        return out

    def _resolve_object(self, origin, clean: frozenset, trace: tuple, out: Taint) -> None:
        """An attr label (an attribute read of a parameter or a call's result) or an obj label (the object a
        parameter, call, field or such a read holds), in terms of sources, identities and parameters."""
        inner = origin.key[0]
        put = self._putter(out)
        if inner.kind == "param":
            _put(out, (origin, clean), trace)
        elif origin.kind == ATTR and inner.kind == "field":  # self.request.GET: a request kept in a field
            expand(origin, clean, trace, identity(self.cell((FIELD, inner.key[0], inner.key[1]))), put)
        elif origin.kind == ATTR and inner.kind == "call":
            read_back(origin, clean, trace, identity(self.cell((CALL, inner.key[0], inner.key[1]))),
                      self._field_of, put)
        elif inner.kind == "call" or inner.kind == "field":
            cell = (CALL if inner.kind == "call" else FIELD, inner.key[0], inner.key[1])
            for (o2, c2), t2 in identity(self.cell(cell)).items():
                _put(out, (o2, clean | c2), t2 + trace)
        elif inner.kind == ATTR and inner.key[0].kind == "call":
            call = inner.key[0].key
            read_back(inner, clean, trace, identity(self.cell((CALL, call[0], call[1]))), self._field_of, put,
                      want_identity=True)

    def _field_of(self, cls: str, attr: str) -> Taint | None:
        """What is stored in a field of a class of the tree, None for a type the tree does not define."""
        if cls not in self.index.classes:
            return None
        return self.cell((FIELD, cls, attr))

    @staticmethod
    def _putter(out: Taint):
        return lambda label, trace: _put(out, label, trace)

    def _compute_call(self, fid: str, site_id: int) -> Taint:
        self._read((FACTS, fid))
        facts = self.functions.get(fid)
        if facts is None or site_id not in facts.calls:
            return {}
        cs = facts.calls[site_id]
        step = TraceStep(cs.location, cs.code, "call")
        target = self.targets.get((fid, site_id))
        out: Taint = {}
        if target is None:
            arguments = join_taint(*cs.args, *cs.kwargs.values())
            if cs.is_method:
                # a method of an object whose class the tree does not define: the object's own data passes on,
                # what it was only given as arguments passes on as less certain (form.user is not request.POST)
                everything = join_taint(cs.receiver or {}, mark(arguments, OPAQUE))
            else:
                # a function the tree does not define: its first argument is what it works on and passes on as
                # it is; data given only in later or keyword arguments (publish_parts(source_path=name)) passes
                # on as less certain
                first = cs.args[0] if cs.args else {}
                rest = join_taint(*cs.args[1:], *cs.kwargs.values())
                everything = join_taint(first, mark(rest, OPAQUE), cs.receiver or {})
            for label, trace in data(self.resolve(everything, fid)).items():  # not the object it was given
                _put(out, label, trace + (step,))
            return out
        callee_id, offset = target
        self._read((FACTS, callee_id))  # its parameters map the arguments
        callee = self.functions[callee_id]
        if callee_id.endswith(".__init__") and not cs.is_method:  # a constructor: the object is of its class
            _put(out, (typed_origin(callee_id[:-len(".__init__")]), frozenset()), (step,))
        for (o2, c2), t2 in self.cell((RETURNS, callee_id)).items():
            if o2.kind == "source" or o2.kind == TYPED:
                _put(out, (o2, c2), t2 + (step,))
            elif (o2.kind == OBJ or o2.kind == ATTR) and o2.key[0].kind == "param" and o2.key[0].key[0] == callee_id:
                # the callee returns its parameter itself, or a source-named attribute of it
                arg = self._arg_taint(cs, callee, o2.key[0].key[1], offset)
                reaching = identity(self.resolve(arg, fid)) if arg else {}
                if o2.kind == ATTR:
                    expand(o2, c2, (step,) + t2, reaching, self._putter(out))
                else:
                    for (o3, c3), t3 in reaching.items():
                        _put(out, (o3, c2 | c3), t3 + (step,) + t2)
            elif o2.kind == "param" and o2.key[0] == callee_id:
                arg = self._arg_taint(cs, callee, o2.key[1], offset)
                for (o3, c3), t3 in data(self.resolve(arg, fid)).items():
                    _put(out, (o3, c2 | c3), t3 + (step,) + t2)
            elif o2.kind == "param":  # a parameter of an uncalled entry function (see _unknown_entry): kept
                _put(out, (o2, c2), t2 + (step,))
        return out

    def _compute_field(self, cls: str, attr: str) -> Taint:
        out: Taint = {}
        self._read((BASES, cls))
        for owner in (cls, *self.index.classes.get(cls, ())):
            self._read((STORES, owner, attr))
            for store_fid, n in self.fields.get((owner, attr), ()):
                self._read((FACTS, store_fid))
                taint = self.functions[store_fid].field_stores[n][2]
                for (o, c), t in self.resolve(taint, store_fid).items():
                    if o.kind == "source" or o.kind == TYPED or (o.kind == "param" and o.key[0] != store_fid):
                        _put(out, (o, c), t)
                    elif o.kind == OBJ or o.kind == ATTR:
                        self._from_param(o, c, t, store_fid, out)
                    elif o.kind == "param":
                        for (o2, c2), t2 in data(self.cell((PARAM, store_fid, o.key[1]))).items():
                            _put(out, (o2, c | c2), t2 + t)
        return out

    def _compute_param(self, fid: str, pname: str) -> Taint:
        out: Taint = {}
        self._read((CALLERS, fid))
        self._read((FACTS, fid))
        callee = self.functions.get(fid)
        if callee is None:
            return out
        for caller_id, site_id, offset in self.callers.get(fid, ()):
            self._read((FACTS, caller_id))
            cs = self.functions[caller_id].calls[site_id]
            arg = self._arg_taint(cs, callee, pname, offset)
            if not arg:
                continue
            step = TraceStep(cs.location, cs.code, "call")
            for (o, c), t in self.resolve(arg, caller_id).items():
                if o.kind == "source" or o.kind == TYPED or (o.kind == "param" and o.key[0] != caller_id):
                    _put(out, (o, c), t + (step,))
                elif o.kind == OBJ or o.kind == ATTR:
                    self._from_param(o, c, t + (step,), caller_id, out)
                elif o.kind == "param":
                    if self._unknown_entry(caller_id):  # kept: its origin is unknown, not trusted
                        _put(out, (o, c), t + (step,))
                    for (o2, c2), t2 in data(self.cell((PARAM, caller_id, o.key[1]))).items():
                        _put(out, (o2, c | c2), t2 + t + (step,))
        return out

    def _from_param(self, origin, clean: frozenset, trace: tuple, fid: str, out: Taint) -> None:
        """An obj or attr label of ``fid``'s own parameter, through what reaches that parameter from callers:
        the objects it is (obj), the sources it is read as (attr)."""
        inner = origin.key[0]
        if inner.kind != "param" or inner.key[0] != fid:
            return
        reaching = identity(self.cell((PARAM, fid, inner.key[1])))
        if origin.kind == ATTR:
            expand(origin, clean, trace, reaching, self._putter(out))
        else:
            for (o2, c2), t2 in reaching.items():
                _put(out, (o2, clean | c2), t2 + trace)

    def _unknown_entry(self, fid: str) -> bool:
        """A public module-level function of application code (``entry_scope``) that nothing in the tree calls:
        its parameters come from wherever it is really entered (dispatch, a task queue, a callback)."""
        self._read((CALLERS, fid))
        if self.callers.get(fid):
            return False
        path = self.index.module_of.get(fid)
        if path is None:
            return False
        self._read((FACTS, fid))
        shape = self.index.shapes[path]
        if not shape.entry_scope or not fid.startswith(shape.module + "."):
            return False
        name = fid[len(shape.module) + 1:]
        if "." in name or name.startswith(("_", "<", "test")) or fid in self.index.routes:
            return False  # private, nested, a test, or a registered view (its URL rule says what it receives)
        facts = self.functions.get(fid)
        # a function taking the request first is judged by the entry-point models (python/entrypoints.py): when
        # they did not make it a view, its other parameters come from the calling code
        return not (facts is not None and facts.params and facts.params[0] in _REQUEST_FIRST)

    def _compute_sink(self, fid: str, index: int) -> Taint:
        """Labels reaching sink ``index`` of ``fid``: sources (through callers where the data enters as a
        parameter), and the function's own parameters (kept: "origin unknown" is told from them)."""
        self._read((FACTS, fid))
        facts = self.functions.get(fid)
        if facts is None or index >= len(facts.sinks):
            return {}
        out: Taint = {}
        for (origin, clean), trace in self.resolve(facts.sinks[index].taint, fid).items():
            if origin.kind == TYPED or origin.kind == OBJ:
                continue  # what object the data was, not data
            _put(out, (origin, clean), trace)
            if origin.kind == "param" and origin.key[0] == fid:
                for (o2, c2), t2 in data(self.cell((PARAM, fid, origin.key[1]))).items():
                    _put(out, (o2, clean | c2), t2 + trace)
            elif origin.kind == ATTR:
                self._from_param(origin, clean, trace, fid, out)
        return out

    # --- sinks -----------------------------------------------------------------------------------------------
    def flows(self):
        """Yield (sink, trace, origin) for every unsanitised flow into a sink: origin "source" when the data is
        untrusted input, "unknown" when it is a parameter of a function nothing in the tree calls and a shell
        interprets it (reported at low confidence, labelled as such)."""
        module_of = self.index.module_of
        sinks = [(fid, n, kind, hint) for path, shape in self.index.shapes.items()
                 for fid, kinds in shape.sinks.items() if module_of[fid] == path
                 for n, (kind, hint) in enumerate(kinds)]
        for fid, n, _, _ in sinks:
            self.cell((SINK, fid, n))
        self.settle()
        for fid, n, kind, hint in sinks:
            needed = MARKED_KINDS.get(kind)
            for (origin, clean), trace in self.values[(SINK, fid, n)].items():
                if kind in clean or (needed is not None and needed not in clean):
                    continue
                if origin.kind == "source":
                    category = sensitive_category(origin)
                    # the second configuration: its own sinks only, and only where the data itself arrives (what a
                    # library call returns from a secret, a row looked up by password, is not the secret)
                    if category is not None or kind in SENSITIVE_SINKS:
                        rule_kind = sensitive_rule_kind(kind, category, self.functions[fid].sinks[n].api) if category is not None else None
                        if rule_kind is not None and not (clean & SENSITIVE_CLEAN) and OPAQUE not in clean:
                            yield self.functions[fid].sinks[n], trace, "sensitive:" + rule_kind
                    elif not is_stored(origin):
                        yield self.functions[fid].sinks[n], trace, _provenance(clean)
                    elif hint.startswith("template:"):  # stored data: second-order XSS through a template only
                        yield self.functions[fid].sinks[n], trace, "stored"
                elif origin.kind == "param" and origin.key[0] == fid and hint == "shell" \
                        and not self.callers.get(fid) and not self._route_constrained(fid, origin.key[1]):
                    yield self.functions[fid].sinks[n], trace, "unknown"
                elif origin.kind == "param" and kind in UNKNOWN_ORIGIN_KINDS and self._unknown_entry(origin.key[0]):
                    yield self.functions[fid].sinks[n], trace, "unknown-entry"

    def _route_constrained(self, fid: str, param: str) -> bool:
        """A registered view's parameter that its URL rules restrict to digits or a UUID."""
        routes = self.index.routes
        owner = fid.rpartition(".")[0]
        for target in (fid, owner):
            if target in routes:
                return param in routes[target]
        return False


# How a flow reached its sink, best first: from untrusted input through code the analysis followed; through a
# call it could not see into ("opaque"); from data read back from the database ("stored"); from the local
# operator's own input; from a parameter of unknown origin.
_REQUEST_FIRST = frozenset({"request", "req", "self", "cls"})

_PROVENANCE_ORDER = {"source": 0, "opaque": 1, "stored": 2, "operator": 3, "unknown": 4, "unknown-entry": 5}


def _provenance(clean: frozenset) -> str:
    if OPERATOR in clean:
        return "operator"
    return "opaque" if OPAQUE in clean else "source"


def _put(out: Taint, label: tuple, trace: tuple) -> None:
    """Keep the shortest trace for ``label``; between traces of one length, the first in a fixed order, so that
    the result does not depend on the order in which cells were evaluated."""
    old = out.get(label)
    if old is None or len(trace) < len(old) or (len(trace) == len(old) and trace is not old and _before(trace, old)):
        out[label] = trace


def _step_key(step: TraceStep) -> tuple:
    loc = step.location
    return (loc.path, loc.line, loc.column, step.note, step.code)


def _before(a: tuple, b: tuple) -> bool:
    for x, y in zip(a, b):
        if x is y:
            continue
        kx, ky = _step_key(x), _step_key(y)
        if kx != ky:
            return kx < ky
    return False


def solve(modules: list[ModuleFacts], rules: list[Rule]) -> tuple[list[Finding], list[Diagnostic]]:
    """Findings for every taint rule, with the full source-to-sink trace on each."""
    return solve_incremental([ModuleInput.of(mf) for mf in modules], rules)[0]


def solve_incremental(modules: list[ModuleInput], rules: list[Rule], previous: "SolveState | None" = None
                      ) -> tuple[tuple[list[Finding], list[Diagnostic]], "SolveState", int]:
    """``solve``, starting from the cells of an earlier solve (``previous``, which this consumes) wherever the
    modules they read are unchanged; modules are compared by identity, so without identities nothing is
    reused. Returns the result, the state to reuse next time, and how many cells were evaluated."""
    inputs = {m.path: m for m in modules}
    identified = all(m.identity for m in modules)  # else no state is kept, and nothing records for one
    if identified and previous is not None and previous.complete:
        solver = previous.seed(inputs)
    else:
        loaded = {m.path: m.load() for m in modules}
        index = TreeIndex({path: _ModuleShape.of(mf, inputs[path].identity) for path, mf in loaded.items()},
                          record=identified)
        solver = Solver(index, inputs, loaded)
    findings = _findings(solver, rules)
    state = SolveState(solver.index, solver.values, solver.dependents, solver.readers,
                       complete=identified and solver.work <= MAX_WORK)
    return findings, state, solver.evaluations


def _findings(solver: Solver, rules: list[Rule]) -> tuple[list[Finding], list[Diagnostic]]:
    by_kind = {r.sink_kind: r for r in rules if r.sink_kind}
    best: dict[tuple, tuple] = {}
    long: dict[tuple, tuple] = {}  # flows across more than MAX_HOPS boundaries: reported, at low confidence
    for sink, trace, origin in solver.flows():
        rendering = sink.hint.startswith("template:")
        if origin.startswith("sensitive:"):  # a secret's flow: the rule depends on what the data is
            rule_kind = origin.removeprefix("sensitive:")
            rendering, origin = False, "source"
        else:
            rule_kind = TEMPLATE_SINK_KIND if rendering else sink.kind
        rule = by_kind.get(rule_kind)
        if rule is None:
            continue
        key = (sink.location.path, sink.location.line, sink.location.column, rule_kind, sink.hint if rendering else "")
        chosen = long if _hops(trace) > MAX_HOPS else best
        old = chosen.get(key)
        if old is None or _better((origin, trace), (old[2], old[1])):  # "source" beats "unknown"
            chosen[key] = (sink, trace, origin)
    cut = [Diagnostic(sink.location.path, f"a data flow from {_source_of(trace)} reaches {sink.api} here through "
                      f"{_hops(trace)} function boundaries, more than the {MAX_HOPS} the analysis follows with "
                      "confidence: not reported as a finding (trace it by hand if the source is untrusted)",
                      kind="warning", line=sink.location.line)
           for key, (sink, trace, origin) in long.items() if key not in best and not key[4]]
    _drop_probes_of_used_paths(best)
    findings = []
    for (path, line, col, kind, link), (sink, trace, origin) in best.items():
        rule = by_kind[TEMPLATE_SINK_KIND if link else kind]  # kind: the rule's sink kind
        steps = _dedupe(trace)
        if steps and steps[-1].location.path == sink.location.path and steps[-1].location.line == sink.location.line \
                and not steps[-1].note.startswith("source"):
            steps = steps[:-1]  # the sink's own line says it better than "call" or "assigned"
        steps += (TraceStep(sink.location, sink.code, f"sink: {sink.api}"),)
        source_note = steps[0].note.removeprefix("source: ") if steps else "untrusted input"
        confidence = rule.confidence
        if origin == "unknown":
            message = (f"{rule.message} — origin unknown: the value comes from a parameter that nothing in the "
                       f"scanned code passes, and a shell interprets it ({sink.api}, shell=True)")
            confidence = Confidence.LOW
        elif origin == "operator":
            if kind in ("code", "log") or (kind == "command" and sink.hint == "program"):
                continue  # evaluating what the operator types, running the program they name: the tool's job;
                # and whoever types the command line can write the log themselves: no entry is forged
            message = (f"{rule.message} (from {source_note}, into {sink.api}) — this is the local operator's own "
                       "input: it matters when the program runs with privileges its user lacks (setuid, sudo, a "
                       "service others feed)")
            confidence = Confidence.LOW
        elif origin == "stored":
            message = f"{rule.message} (from {source_note}, into {sink.api})"
            confidence = Confidence.MEDIUM  # earlier requests may have filled the row; the trace shows the read
        elif origin == "opaque":
            message = (f"{rule.message} (from {source_note}, into {sink.api}) — the data passes through a call the "
                       "analysis could not see into, so whether it still carries the input is less certain")
            confidence = _lower(rule.confidence)
        elif origin == "unknown-entry":
            message = (f"{rule.message} — origin unknown: the value comes from a parameter of a public function of "
                       f"the application that nothing in the scanned code calls (an entry point reached by dispatch, "
                       f"a task queue or a callback), into {sink.api}; check what its callers pass")
            confidence = Confidence.LOW
            if steps and steps[0].note.startswith("parameter"):
                steps = (TraceStep(steps[0].location, steps[0].code, f"origin unknown: {steps[0].note}"), *steps[1:])
        else:
            message = f"{rule.message} (from {source_note}, into {sink.api})"
        findings.append(Finding(
            rule_id=rule.id,
            cwe=rule.cwe,
            pillar=pillar_of(rule.cwe),
            severity=rule.severity,
            confidence=confidence,
            location=sink.location,
            snippet=sink.code,
            message=message,
            fix=rule.fix,
            title=rule.title,
            trace=steps,
            link=link,
        ))
    diagnostics = list(solver.diagnostics) + cut
    if solver.work > MAX_WORK:
        diagnostics.append(Diagnostic("<tree>", "data-flow work budget reached; some flows were not followed",
                                      kind="warning"))
    return findings, diagnostics


def _drop_probes_of_used_paths(best: dict) -> None:
    """``if os.path.isfile(path): open(path)``: one defect, reported where the file is used. An existence probe
    stays a finding only where the same flow (same source) reaches no other file operation in that file."""
    used = {(key[0], key[3], trace[0].location) for key, (sink, trace, _origin) in best.items()
            if sink.hint != "probe" and trace}
    for key in [k for k, (sink, trace, _o) in best.items() if sink.hint == "probe" and trace]:
        if (key[0], key[3], best[key][1][0].location) in used:
            del best[key]


def _lower(confidence: Confidence) -> Confidence:
    return Confidence.MEDIUM if confidence == Confidence.HIGH else Confidence.LOW


def _source_of(trace: tuple) -> str:
    first = trace[0].note if trace else ""
    return first.removeprefix("source: ") if first.startswith("source") else "a parameter of unknown origin"


def _hops(trace: tuple) -> int:
    """Function boundaries a flow crosses: parameters it enters through a call in the tree, and fields read
    after a store elsewhere."""
    return sum(1 for step in trace if step.note.startswith(("parameter '", "read ")))


def _better(new: tuple[str, tuple], old: tuple[str, tuple]) -> bool:
    """A flow from a real source beats stored data, which beats one of unknown origin; then the shorter trace;
    then the fixed order."""
    (new_origin, new_trace), (old_origin, old_trace) = new, old
    if new_origin != old_origin:
        return _PROVENANCE_ORDER[new_origin] < _PROVENANCE_ORDER[old_origin]
    if len(new_trace) != len(old_trace):
        return len(new_trace) < len(old_trace)
    return new_trace is not old_trace and _before(new_trace, old_trace)


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

@dataclass
class SolveState:
    """The tree's index and the cells of a finished solve with what each read, for the next run to reuse.

    A cell may be reused when nothing it read changed and no cell it read is evaluated again: its value is then
    the least fixpoint's value in the new tree too. Everything else — the cells that read the facts of a
    function in an edited module, a call site whose target moved, the callers of a function whose callers
    changed, the stores of a field or the bases of a class that changed, and every cell that read one of
    those — starts again from nothing, so the result is exactly a cold solve's."""

    index: TreeIndex
    values: dict[tuple, Taint]
    dependents: dict[tuple, set[tuple]]
    readers: dict[tuple, set[tuple]]
    complete: bool = True

    def seed(self, inputs: dict[str, ModuleInput]) -> Solver:
        """A solver for the tree of ``inputs`` holding every cell of this state that the change from this
        state's tree cannot reach. Only the modules that changed are loaded here; others when a cell needs them."""
        old = self.index
        changed = {path for path, m in inputs.items()
                   if path not in old.shapes or old.shapes[path].identity != m.identity}
        changed.update(path for path in old.shapes if path not in inputs)
        loaded = {path: inputs[path].load() for path in changed if path in inputs}
        shapes = {path: _ModuleShape.of(loaded[path], m.identity) if path in loaded else old.shapes[path]
                  for path, m in inputs.items()}
        changed_functions: set[str] = set()
        changed_classes: set[str] = set()
        old_targets: dict[str, list] = defaultdict(list)  # of the changed functions, before the update
        routes_changed = False  # read before the index is updated (``updated`` takes over ``old``)
        for path in changed:
            before, after = old.shapes.get(path), shapes.get(path)
            routes_changed = routes_changed or (before.routes if before else ()) != (after.routes if after else ())
            for shape in (before, after):
                if shape is not None:
                    changed_functions.update(shape.functions)
            old_classes = before.classes if before else {}
            new_classes = after.classes if after else {}
            changed_classes.update(c for c in set(old_classes) | set(new_classes)
                                   if old_classes.get(c) != new_classes.get(c))
            if before is not None:
                for fid, sites in before.sites.items():
                    old_targets[fid].extend(old.targets.get((fid, site_id)) for site_id, _ in sites)
        if old.unique and list(shapes) == list(old.shapes) and all(
                old.shapes[p].interface() == shapes[p].interface() for p in changed):
            index = old.updated(shapes, changed)  # only the changed modules' call sites are resolved again
        else:
            # Names changed: a call site anywhere may now lead elsewhere (a name added or removed changes what
            # resolves). The resolutions that asked about none of those names are kept; every site is compared.
            index = old.reindexed(shapes, changed) if old.unique else TreeIndex(shapes)
            for key, target in index.targets.items():
                if old.targets.get(key, ...) != target:
                    changed_functions.add(key[0])
                    old_targets[key[0]].append(old.targets.get(key))
            for key in old.targets.keys() - index.targets.keys():
                changed_functions.add(key[0])
                old_targets[key[0]].append(old.targets[key])
        dirty_inputs: set[tuple] = {(BASES, c) for c in changed_classes}
        if routes_changed:
            dirty_inputs.add((ROUTES,))
        stores_before = {fid: stores for shape in old.shapes.values() for fid, stores in shape.stores.items()
                         if fid in changed_functions} if changed_functions else {}
        for fid in changed_functions:
            dirty_inputs.add((FACTS, fid))
            for target in old_targets.get(fid, ()):
                if target is not None:
                    dirty_inputs.add((CALLERS, target[0]))
            for field_key in stores_before.get(fid, ()):
                dirty_inputs.add((STORES, *field_key))
            path = index.module_of.get(fid)
            if path is not None:
                shape = index.shapes[path]
                for field_key in shape.stores.get(fid, ()):
                    dirty_inputs.add((STORES, *field_key))
                for site_id, _ in shape.sites.get(fid, ()):
                    target = index.targets.get((fid, site_id))
                    if target is not None:
                        dirty_inputs.add((CALLERS, target[0]))
        dirty: set[tuple] = set()
        stack = [cell for source in dirty_inputs for cell in self.readers.get(source, ())]
        while stack:
            cell = stack.pop()
            if cell in dirty:
                continue
            dirty.add(cell)
            stack.extend(self.dependents.get(cell, ()))
        if not index.unique:  # a name defined twice: the last definition wins, as when facts load in scan order
            loaded = {path: loaded[path] if path in loaded else inputs[path].load() for path in inputs}
        solver = Solver(index, inputs, loaded)
        # Taken over, not copied: a state seeds one solver. Edges from cells dropped here are left in place: one
        # that no longer holds costs at most an evaluation that changes nothing.
        for cell in dirty:
            self.values.pop(cell, None)
        solver.values, solver.dependents, solver.readers = self.values, self.dependents, self.readers
        return solver
