"""Framework objects that travel: a request passed on under another name still brings its sources.

A value known to be an object of a modelled type (``flask.Request``, Django's ``HttpRequest``) carries no taint
itself; its data attributes are the sources. So that the type survives a call, a return or a field store into
code that does not know it, the value is given a "typed" label where it leaves the function (values.typed_origin).
Where a function reads a source-named attribute (``rq.args``, ``incoming.form``, ``rq.get_json()``) of one of its
own parameters, whose type it cannot know, it records an "attr" label: the summaries (python/typeflow.py) turn it
into a source wherever a caller's typed label reaches that parameter, and into nothing otherwise. Which attribute
of which type is a source stays the models' data (``[[source]] type = ... attrs = [...]``); attributes that are
not listed there (``method``, ``user``, ``is_secure()``) never become one.
"""

from __future__ import annotations

import ast

from ..models import Models
from ..values import EMPTY, IDENTITY, IDENTITY_FLAGS, Origin, Taint, Value, attr_origin, obj_origin, typed_origin
from .knowledge import OWN_PATH_ATTRS, STRUCTURED, STRUCTURED_INPUTS

OBJECT_KINDS = frozenset({"param", "call", "field", "attr"})

_OWNERS: dict[int, tuple[Models, dict[str, tuple]]] = {}


def attr_owners(models: Models) -> dict[str, tuple]:
    """attribute -> ((type, description, kinds the data is already clean for), ...) over the typed sources."""
    memo = _OWNERS.get(id(models))
    if memo is not None and memo[0] is models:
        return memo[1]
    table: dict[str, list] = {}
    for t in sorted(models.typed_sources):
        for attr, desc in sorted(models.typed_sources[t].items()):
            clean = (("redirect",) if attr in OWN_PATH_ATTRS else ()) + \
                (tuple(sorted(STRUCTURED)) if f"{t}.{attr}" in STRUCTURED_INPUTS else ())
            table.setdefault(attr, []).append((t, desc, clean))
    owners = {attr: tuple(rows) for attr, rows in table.items()}
    _OWNERS[id(models)] = (models, owners)
    return owners


def carried(analyzer, value: Value, node: ast.AST) -> Taint:
    """What a value hands on where it leaves the function (an argument, a return, a field store): its taint,
    and, where it is an object rather than data derived from one, what object it is: a framework object by its
    type, else the parameter, call result or field it is (settled across modules)."""
    taint = value.all_taint()
    typed = None
    if value.types:
        names = value.types & analyzer.mod.typed_source_names
        if names:
            typed = {(typed_origin(t), frozenset()): (analyzer.step(node, f"source: {t} object"),)
                     for t in sorted(names)}
    if IDENTITY in value.flags and value.taint:
        for (origin, clean), trace in value.taint.items():
            kind = origin.kind
            if kind in OBJECT_KINDS and (kind != "attr" or origin.key[0].kind == "call"):
                typed = typed or {}
                typed[(obj_origin(origin), frozenset())] = trace
    if not typed:
        return taint
    return {**typed, **taint} if taint else typed


def attr_taint(analyzer, base: Value, attr: str, node: ast.AST) -> Taint:
    """Attr labels for reading ``attr`` of a value that holds a parameter of this function or the result of a
    call (of a type known only across modules): for a parameter, only where ``attr`` is a source of some type;
    for a call, also a field of a class of the tree (``wrap(request).req``, Ctx's constructor stored it)."""
    if not base.taint or IDENTITY not in base.flags:
        return EMPTY  # data derived from a parameter (urlsplit(x).path) is not the object it came from
    owners = attr_owners(analyzer.models).get(attr, ())
    out: Taint = {}
    path, line, col = analyzer.path, getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
    fid = analyzer.facts.id
    for (origin, clean), trace in base.taint.items():
        kind = origin.kind
        if kind == "param" and owners and origin.key[0] == fid:
            note = f"{origin.key[1]}.{attr}: data of the request, where a request is passed in"
        elif kind == "call" and origin.key[0] == fid and isinstance(node, ast.Attribute):
            note = f"read .{attr} of the object returned"
        elif kind == "field" and owners and isinstance(node, ast.Attribute):
            note = f"{origin.key[1]}.{attr}: data of the request, where a request is kept in .{origin.key[1]}"
        else:
            continue
        label = (attr_origin(origin, attr, owners, path, line, col), clean)
        out[label] = trace + (analyzer.step(node, note),)
    return out


def with_attr(analyzer, value: Value, base: Value, attr: str, node: ast.AST) -> Value:
    """``value`` (the attribute read as the engine sees it) plus the attr labels of reading it from ``base``."""
    extra = attr_taint(analyzer, base, attr, node)
    if not extra:
        return value
    server = set()
    for t, _, _ in attr_owners(analyzer.models).get(attr, ()):
        server |= analyzer.models.server_keys.get(f"{t}.{attr}", frozenset())
    fields = value.fields
    if server and fields is None:  # rq.META["REMOTE_ADDR"]: set by the server even when rq is a request
        fields = {key: Value(value.taint) for key in server}
    # the value read from a call's result is that object's field itself: it is handed on as that object
    flags = value.flags | IDENTITY_FLAGS if any(o.key[0].kind == "call" for o, _ in extra) else value.flags
    return Value({**value.taint, **extra}, value.consts, fields, value.items, value.types, flags, value.func,
                 value.exact_fields)


__all__ = ["attr_owners", "attr_taint", "carried", "with_attr"]
