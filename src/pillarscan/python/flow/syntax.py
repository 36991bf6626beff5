"""Small questions about syntax trees that every part of the analyser asks (the dotted name of an attribute chain,
the variable a guard really tests, the statements directly inside a block).
"""

from __future__ import annotations

import ast


def dotted_name(node: ast.AST) -> str | None:
    """``self.a.b`` → "self.a.b" for a chain of attributes on a plain name; None otherwise."""
    if node.__class__ is ast.Name:  # (exact classes: the parser makes no subclasses of these nodes)
        return node.id
    parts = []
    while node.__class__ is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if node.__class__ is ast.Name:
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def root_name(node: ast.AST) -> str | None:
    while True:
        kind = node.__class__
        if kind is ast.Attribute or kind is ast.Subscript:
            node = node.value
        elif kind is ast.Call:
            node = node.func
        else:
            return node.id if kind is ast.Name else None


def passes_starred(node: ast.AST) -> bool:
    """A call with a ``*sequence`` among its positional arguments: the positions after it are not known."""
    return isinstance(node, ast.Call) and any(isinstance(a, ast.Starred) for a in node.args)


def unwrap_str(node: ast.AST) -> ast.AST:
    """``str(p)``, ``p.lower()``, ``p.strip()`` → ``p``: guards often test a converted copy of the variable."""
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"str", "bytes"} \
                and len(node.args) == 1:
            node = node.args[0]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args and \
                node.func.attr in {"lower", "upper", "strip", "lstrip", "rstrip", "casefold", "decode", "encode"}:
            node = node.func.value
        else:
            return node


BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
BLOCKS_OF: dict[type, tuple[str, ...]] = {}


def statements_in(node: ast.AST):
    """The statements (and except handlers, match cases) directly inside ``node``, in ``iter_child_nodes`` order."""
    fields = BLOCKS_OF.get(node.__class__)
    if fields is None:
        fields = BLOCKS_OF[node.__class__] = tuple(f for f in node._fields if f in BLOCK_FIELDS) \
            if isinstance(node, (ast.stmt, ast.mod, ast.excepthandler, ast.match_case)) else ()
    for name in fields:
        block = getattr(node, name, None)
        if block.__class__ is list:
            yield from block
