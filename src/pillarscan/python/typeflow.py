"""The cross-module half of "types travel" (per-file half: flow/types.py).

Cells hold two sorts of labels. Data labels (sources, parameters) say where the data in a value came from;
identity labels say what object the value *is*: "typed" (an object of a modelled type such as flask.Request, or
of a class of the tree) and "obj" (the very object a parameter, a call's result or a field holds, settled
later). Data labels spread through every derivation (``rq.args.get("x")`` carries the label of ``rq``); identity
labels only where the object itself is handed on, so a string read from a request is never taken for the
request. Expanding a data label reads only the data labels of the cell it names; expanding an identity label
only the identity labels. An "attr" label (a source-named attribute read of a parameter or of a call's result)
becomes a source where the identity reaching its object is a framework type for which the attribute is one, and
what a class's methods stored in that field where it is an object of a class of the tree.
"""

from __future__ import annotations

from ..findings import TraceStep
from .values import Origin, Taint, attr_origin

TYPED = "typed"
OBJ = "obj"
ATTR = "attr"


def is_identity(origin: Origin) -> bool:
    return origin.kind == TYPED or origin.kind == OBJ


def data(taint: Taint) -> Taint:
    if not any(is_identity(o) for o, _ in taint):
        return taint
    return {label: trace for label, trace in taint.items() if not is_identity(label[0])}


def identity(taint: Taint) -> Taint:
    return {label: trace for label, trace in taint.items() if is_identity(label[0])}


def expand(origin: Origin, clean: frozenset, trace: tuple, reaching: Taint, put) -> None:
    """Settle attr label ``(origin, clean)`` (``trace``: from the read on) against the labels ``reaching`` its
    object, calling ``put(label, trace)`` for each result (only identity labels count)."""
    _, attr, owners, path, line, column = origin.key
    for (o, c), t in reaching.items():
        kind = o.kind
        if kind == TYPED:
            for type_name, desc, kinds in owners:
                if o.key[0] == type_name:
                    source = Origin("source", (path, line, column), desc)
                    put((source, clean | c | frozenset(kinds)), _retitled(t, desc, attr) + trace)
        elif kind == OBJ and o.key[0].kind == "param" and owners:
            put((attr_origin(o.key[0], attr, owners, path, line, column), clean | c), t + trace)


def read_back(origin: Origin, clean: frozenset, trace: tuple, returned: Taint, field_of, put,
              want_identity: bool = False) -> None:
    """Settle attr label ``origin`` of a call's result against what the call returns: for an object of a class
    of the tree, what its methods stored in that field (``field_of(class, attr)``: its data labels, or with
    ``want_identity`` its identity labels); for a framework object, the source the attribute is."""
    for (o, c), t in returned.items():
        if o.kind == TYPED:
            stored = field_of(o.key[0], origin.key[1])
            if stored is not None:
                for (o2, c2), t2 in stored.items():
                    if is_identity(o2) == want_identity:
                        put((o2, clean | c | c2), t2 + trace)
                continue
    if not want_identity:
        expand(origin, clean, trace, returned, put)


def _retitled(trace: tuple, desc: str, attr: str) -> tuple:
    """The typed label's first step (where the object was handed on) as the source it turned out to be."""
    if not trace:
        return trace
    first = trace[0]
    return (TraceStep(first.location, first.code, f"source: {desc} (its .{attr}, read where it is passed on)"),
            *trace[1:])
