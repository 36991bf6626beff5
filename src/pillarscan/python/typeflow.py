"""The cross-module half of "types travel" (per-file half: flow/types.py).

A "typed" label says a value is a framework object (a request); an "attr" label says a function read a
source-named attribute of one of its parameters. Where the labels that reach that parameter (from its callers,
or through a call's argument) include a typed label of a type for which the attribute is a source, the read is
that source; where they include a parameter of the caller, the read becomes an attr label of that parameter, to
be settled further up. Anything else the parameter receives is already followed by its ordinary label.
"""

from __future__ import annotations

from ..findings import TraceStep
from .values import Origin, Taint, attr_origin

TYPED = "typed"
ATTR = "attr"


def expand(origin: Origin, clean: frozenset, trace: tuple, reaching: Taint, put) -> None:
    """Settle attr label ``(origin, clean)`` (with ``trace``, from the read to where it is used) against the
    labels ``reaching`` its parameter, calling ``put(label, trace)`` for each result."""
    _, attr, owners, path, line, column = origin.key
    for (o, c), t in reaching.items():
        kind = o.kind
        if kind == TYPED:
            for type_name, desc, kinds in owners:
                if o.key[0] == type_name:
                    source = Origin("source", (path, line, column), desc)
                    put((source, clean | c | frozenset(kinds)), _retitled(t, desc, attr) + trace)
        elif kind == "param":
            put((attr_origin(o, attr, owners, path, line, column), clean | c), t + trace)


def read_back(origin: Origin, clean: frozenset, trace: tuple, returned: Taint, field_of, put) -> None:
    """Settle attr label ``origin`` of a call's result against ``returned``, what the call returns: for an object
    of a class of the tree, what its methods stored in that field (``field_of(class, attr)``); for a framework
    object, the source it is; for the caller's parameter, an attr label of it."""
    _, attr, owners, path, line, column = origin.key
    for (o, c), t in returned.items():
        kind = o.kind
        if kind == TYPED:
            stored = field_of(o.key[0], attr)
            if stored is not None:
                for (o2, c2), t2 in stored.items():
                    put((o2, clean | c | c2), t2 + trace)
                continue
            for type_name, desc, kinds in owners:
                if o.key[0] == type_name:
                    source = Origin("source", (path, line, column), desc)
                    put((source, clean | c | frozenset(kinds)), _retitled(t, desc, attr) + trace)
        elif kind == "param" and owners:
            put((attr_origin(o, attr, owners, path, line, column), clean | c), t + trace)


def _retitled(trace: tuple, desc: str, attr: str) -> tuple:
    """The typed label's first step (where the object was handed on) as the source it turned out to be."""
    if not trace:
        return trace
    first = trace[0]
    return (TraceStep(first.location, first.code, f"source: {desc} (its .{attr}, read where it is passed)"),
            *trace[1:])


def without_types(taint: Taint) -> Taint:
    """A library call's result is not the framework object it was given."""
    if not any(o.kind == TYPED for o, _ in taint):
        return taint
    return {label: trace for label, trace in taint.items() if label[0].kind != TYPED}
