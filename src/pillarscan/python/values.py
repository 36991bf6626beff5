"""Abstract values for the taint engine: what a variable may hold, as far as security is concerned.

A value carries its taint (where untrusted data in it came from, with the path it took), what is known of its
constant value (so ``7 * 18 + num > 200`` can prune a branch), container structure (dict keys, list slots) so
``d["safe"]`` is not tainted by ``d["user"]``, and the types and flags that models and guards look at.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from ..findings import TraceStep

MAX_TRACE = 24
MAX_ALTERNATIVES = 8


class Origin(NamedTuple):
    """Where taint starts. ``kind``: "source" (untrusted input), "param" (a parameter of the function being
    summarised), "call" (the result of a call resolved later, across modules), "field" (an attribute of a class
    written elsewhere).

    A named tuple rather than a frozen dataclass: every taint label holds one, and a tuple is built and hashed
    in C (same fields, same equality among origins, same hash, same repr)."""

    kind: str
    key: tuple
    desc: str = ""


STORED_DESC = "data read back from the database"


def stored_origin(path: str, line: int, column: int) -> Origin:
    """A second-order source: a row or model read back from the database, which earlier requests may have filled.
    It travels like a source, but only a template's raw output reports it (``summaries.flows``)."""
    return Origin("source", (path, line, column, "stored"), STORED_DESC)


def is_stored(origin: Origin) -> bool:
    return len(origin.key) == 4 and origin.key[3] == "stored"


SENSITIVE = "sensitive:"


def sensitive_origin(path: str, line: int, column: int, category: str, desc: str) -> Origin:
    """A secret or personal datum (a password, a token, an exception's text): the source of the second taint
    configuration (``flow/sensitive.py``). It travels like a source, but only the sensitive-data sinks report it,
    and they report nothing else (``summaries.flows``)."""
    return Origin("source", (path, line, column, SENSITIVE + category), desc)


def sensitive_category(origin: Origin) -> str | None:
    key = origin.key
    if len(key) == 4 and isinstance(key[3], str) and key[3].startswith(SENSITIVE):
        return key[3][len(SENSITIVE):]
    return None


def typed_origin(type_name: str) -> Origin:
    """Not taint: "this value is an object of the modelled type ``type_name``" (a request), carried where the
    value leaves a function so that its sources are found in the code it reaches (flow/types.py)."""
    return Origin("typed", (type_name,))


# The flag of a value that is the very object a parameter, a call's result or a field holds (not data derived
# from it): where it leaves the function, it is handed on as that object (flow/types.py, python/typeflow.py)
IDENTITY = "is-object"
IDENTITY_FLAGS = frozenset({IDENTITY})


def obj_origin(of: Origin) -> Origin:
    """The object that ``of`` (a parameter, call, field or attr label) holds, settled across modules."""
    return Origin("obj", (of,))


def attr_origin(param: Origin, attr: str, owners: tuple, path: str, line: int, column: int) -> Origin:
    """Attribute ``attr`` read at (path, line, column) of parameter ``param``: a source where the parameter is an
    object of one of ``owners``' types ((type, description, kinds already clean), ...), else nothing."""
    return Origin("attr", (param, attr, owners, path, line, column))


Label = tuple  # (Origin, frozenset[str] of sink kinds this flow has been sanitised for, and the markers below)

# Markers kept beside the sanitised kinds of a label, because they travel with a flow the same way (joined, never
# dropped): OPAQUE, the data passed through a call the analysis could not see into, so the flow is less certain;
# OPERATOR, the data is the local operator's own input (a prompt, standard input, the command line).
OPAQUE = "~opaque"
OPERATOR = "~operator"
MARKERS = frozenset({OPAQUE, OPERATOR})
# A kind made clean by a check that the text does not contain something (``"../" not in name``) carries this
# marker with the kind's name: decoding the value afterwards (``unquote(name)``) can bring the text back, so the
# decoder undoes that check (validated before canonicalised, CWE-180).
EXCLUDED = "~excluded:"
Taint = dict  # Label -> tuple[TraceStep, ...]

EMPTY: Taint = {}


def join_taint(*taints: Taint) -> Taint:
    """Union of taints, keeping the shortest trace for each label."""
    first = out = None  # one non-empty taint is returned as it is; a second one starts a copy
    for t in taints:
        if not t:
            continue
        if first is None:
            first = t
            continue
        if out is None:
            out = dict(first)
        for label, trace in t.items():
            old = out.get(label)
            if old is None or len(trace) < len(old):
                out[label] = trace
    if out is not None:
        return out
    return first if first is not None else EMPTY


def cleanse(taint: Taint, kinds: Iterable[str]) -> Taint:
    """Mark every flow in ``taint`` as sanitised for ``kinds`` ("*" removes the taint altogether)."""
    kinds = frozenset(kinds)
    if "*" in kinds:
        return EMPTY
    if not taint:
        return taint
    out: Taint = {}
    for (origin, done), trace in taint.items():
        label = (origin, done | kinds)
        old = out.get(label)
        if old is None or len(trace) < len(old):
            out[label] = trace
    return out


def excluded_marks(kinds: Iterable[str]) -> tuple[str, ...]:
    """The kinds a text-exclusion check cleanses, each with its EXCLUDED marker beside it."""
    return tuple(kinds) + tuple(EXCLUDED + k for k in kinds)


def decoded(taint: Taint) -> Taint:
    """``taint`` after a decoder (URL, HTML, base64): the kinds that only a text-exclusion check made clean are
    tainted again, since the decoded text may hold what the check looked for."""
    if not taint:
        return taint
    out: Taint = {}
    for (origin, done), trace in taint.items():
        undone = {m for m in done if m.startswith(EXCLUDED)}
        if undone:
            done = done - undone - {m[len(EXCLUDED):] for m in undone}
        label = (origin, done)
        old = out.get(label)
        if old is None or len(trace) < len(old):
            out[label] = trace
    return out


def mark(taint: Taint, marker: str) -> Taint:
    """Every flow in ``taint`` with ``marker`` (OPAQUE, OPERATOR) added beside its sanitised kinds."""
    return cleanse(taint, (marker,)) if taint else taint


def add_step(taint: Taint, step: TraceStep) -> Taint:
    if not taint:
        return taint
    out = {}
    for label, trace in taint.items():
        if trace and trace[-1].location.line == step.location.line and trace[-1].location.path == step.location.path:
            out[label] = trace
        elif len(trace) >= MAX_TRACE:
            out[label] = trace[: MAX_TRACE // 2] + trace[-(MAX_TRACE // 2 - 1):] + (step,)
        else:
            out[label] = trace + (step,)
    return out


class Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = Unknown()


class Value:
    """An abstract value. Treat as immutable: operations return new values."""

    __slots__ = ("taint", "consts", "fields", "items", "types", "flags", "func", "exact_fields")

    def __init__(
        self,
        taint: Taint = EMPTY,
        consts: frozenset | None = None,
        fields: dict | None = None,
        items: tuple | None = None,
        types: frozenset = frozenset(),
        flags: frozenset = frozenset(),
        func: Any = None,
        exact_fields: bool = False,
    ):
        self.taint = taint
        self.consts = consts  # None: unknown; otherwise the possible constant values
        self.fields = fields  # dict key / attribute name -> Value
        self.items = items  # list/tuple slots, when every operation on them was understood
        self.types = types
        self.flags = flags
        self.func = func  # a local function or lambda this value is
        self.exact_fields = exact_fields  # fields hold every key (a dict literal never updated unknowably)

    @classmethod
    def const(cls, value: Any) -> "Value":
        return cls(consts=frozenset([_hashable(value)]))

    @property
    def known(self) -> bool:
        return self.consts is not None and len(self.consts) == 1

    @property
    def value(self) -> Any:
        """The single known constant (check ``known`` first)."""
        return next(iter(self.consts))  # type: ignore[arg-type]

    def all_taint(self) -> Taint:
        """The value's own taint plus everything in its slots and fields (what a sink that takes it sees)."""
        if not self.items and not self.fields:
            return self.taint or EMPTY
        parts = [self.taint]
        if self.items:
            parts.extend(v.all_taint() for v in self.items)
        if self.fields:
            parts.extend(v.all_taint() for v in self.fields.values())
        return join_taint(*parts)

    def with_taint(self, taint: Taint) -> "Value":
        return Value(taint, self.consts, self.fields, self.items, self.types, self.flags, self.func, self.exact_fields)

    def with_flags(self, flags: Iterable[str]) -> "Value":
        return Value(self.taint, self.consts, self.fields, self.items, self.types, self.flags | frozenset(flags),
                     self.func, self.exact_fields)

    def cleansed(self, kinds: Iterable[str]) -> "Value":
        kinds = frozenset(kinds)
        items = tuple(v.cleansed(kinds) for v in self.items) if self.items is not None else None
        fields = {k: v.cleansed(kinds) for k, v in self.fields.items()} if self.fields is not None else None
        return Value(cleanse(self.taint, kinds), self.consts, fields, items, self.types, self.flags, self.func,
                     self.exact_fields)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Value(taint={len(self.taint)}, consts={self.consts}, items={self.items}, types={set(self.types)})"


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted(((k, _hashable(v)) for k, v in value.items()), key=repr))
    return value


CLEAN = Value()


def join(a: Value | None, b: Value | None) -> Value:
    """The value that may be either ``a`` or ``b`` (after an if/else, around a loop)."""
    if a is None:
        return b if b is not None else CLEAN
    if b is None or a is b:
        return a
    consts = None
    if a.consts is not None and b.consts is not None:
        union = a.consts | b.consts
        consts = union if len(union) <= MAX_ALTERNATIVES else None
    items = None
    if a.items is not None and b.items is not None and len(a.items) == len(b.items):
        items = tuple(join(x, y) for x, y in zip(a.items, b.items))
    elif a.items is not None or b.items is not None:
        # shapes differ: keep the taint of every slot, but no longer know which slot holds what
        extra = join_taint(*(v.all_taint() for v in (a.items or ()) + (b.items or ())))
        return Value(join_taint(a.taint, b.taint, extra), None, None, None, a.types | b.types,
                     a.flags & b.flags, a.func or b.func)
    fields = None
    exact = a.exact_fields and b.exact_fields
    if a.fields is not None or b.fields is not None:
        fields = {}
        for key in set(a.fields or {}) | set(b.fields or {}):
            fa = (a.fields or {}).get(key)
            fb = (b.fields or {}).get(key)
            if fa is None and a.exact_fields:
                fields[key] = fb
            elif fb is None and b.exact_fields:
                fields[key] = fa
            else:
                fields[key] = join(fa, fb)
    return Value(join_taint(a.taint, b.taint), consts, fields, items, a.types | b.types, a.flags & b.flags,
                 _join_func(a.func, b.func), exact)


def _join_func(a: Any, b: Any) -> Any:
    """Either function: two function ids (or sets of them, from dispatch tables) join into the set of both."""
    if a is None or a == b:
        return b if a is None else a
    if b is None:
        return a
    if isinstance(a, (str, frozenset)) and isinstance(b, (str, frozenset)):
        left = a if isinstance(a, frozenset) else frozenset([a])
        right = b if isinstance(b, frozenset) else frozenset([b])
        return left | right
    return a


def join_all(values: Iterable[Value]) -> Value:
    out: Value | None = None
    for v in values:
        out = join(out, v)
    return out if out is not None else CLEAN
