"""Constant propagation for pattern rules: the text an expression can only ever evaluate to.

A regular expression or a key is often written once as a module constant and used elsewhere
(``PATTERN = r"..."`` … ``re.compile(PATTERN)``), or built from constant parts (``PREFIX + r"(\\w+)*"``,
``f"{WORD}+"``). Rules judge it where it is used, so the finding points at the call that runs it.

A name counts as constant when it is bound exactly once in its scope, by a plain assignment: at module level
(and never declared ``global`` in a function), in the enclosing function (not a parameter), or in the class
body for ``self.NAME`` / ``cls.NAME`` inside that class's methods. Anything else (imports from other modules,
reassigned names, calls) is unknown.
"""

from __future__ import annotations

import ast
from typing import Any

from .common import per_module

UNKNOWN: Any = object()
_MAX_DEPTH = 8
_MAX_TEXT = 20_000


def _single_bindings(body_nodes, skip_nested: bool = True) -> dict[str, ast.expr]:
    """Names bound exactly once by a plain assignment among ``body_nodes`` (a scope's own statements)."""
    counts: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    for node in body_nodes:
        targets: list[ast.AST] = []
        value = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.NamedExpr,
                               ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                               ast.comprehension, ast.ExceptHandler, ast.Delete, ast.Global, ast.Nonlocal)):
            for name in _bound_names(node):
                counts[name] = counts.get(name, 0) + 2  # bound some other way: never a constant
            continue
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and len(targets) == 1:
                counts[target.id] = counts.get(target.id, 0) + 1
                values[target.id] = value
            else:
                for name in _bound_names(target):
                    counts[name] = counts.get(name, 0) + 2
    return {name: values[name] for name, n in counts.items() if n == 1 and name in values}


def _bound_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List, ast.Starred)):
        return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension)):
        return _bound_names(node.target)
    if isinstance(node, ast.NamedExpr):
        return [node.target.id]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [n for item in node.items if item.optional_vars is not None for n in _bound_names(item.optional_vars)]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    if isinstance(node, ast.Delete):
        return [n for t in node.targets for n in _bound_names(t)]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    return []


@per_module
def _module_constants(ctx) -> dict[str, ast.expr]:
    found = _single_bindings(ctx.scope_nodes(ctx.tree))
    declared_global = {name for node in ctx.nodes_of_type(ast.Global) for name in node.names}
    return {name: value for name, value in found.items() if name not in declared_global}


def _scope_constants(scope: ast.AST, ctx) -> dict[str, ast.expr]:
    key = ("pillarscan.rules.constants.scope", scope)

    def compute() -> dict[str, ast.expr]:
        found = _single_bindings(ctx.scope_nodes(scope))
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = scope.args
            params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
            params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
            found = {k: v for k, v in found.items() if k not in params}
        return found

    return ctx.memo(key, compute)


def _class_constants(cls: ast.ClassDef) -> dict[str, ast.expr]:
    return _single_bindings(cls.body)


def _name_value(node: ast.Name, ctx) -> ast.expr | None:
    """The expression a constant name was bound to, looked up from the innermost scope outwards."""
    func = ctx.enclosing_function(node)
    while func is not None:
        local = _scope_constants(func, ctx)
        if node.id in local:
            return local[node.id]
        if node.id in _assigned_somehow(func, ctx):
            return None  # a parameter or a name bound some other way in this function
        func = ctx.enclosing_function(func)
    return _module_constants(ctx).get(node.id)


def _assigned_somehow(func: ast.AST, ctx) -> set[str]:
    key = ("pillarscan.rules.constants.bound", func)

    def compute() -> set[str]:
        names = set()
        args = func.args
        names |= {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
        names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        for node in ctx.scope_nodes(func):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, (ast.Store, ast.Del)):
                    names.add(node.id)
            elif not isinstance(node, (ast.Tuple, ast.List, ast.Starred)):
                names |= set(_bound_names(node))
        return names

    return ctx.memo(key, compute)


def _attribute_value(node: ast.Attribute, ctx) -> ast.expr | None:
    """``self.NAME`` / ``cls.NAME`` in a method: the class body's single binding of NAME."""
    if not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}):
        return None
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.ClassDef):
            return _class_constants(anc).get(node.attr)
    return None


def bound_expression(expr: ast.AST | None, ctx) -> ast.expr | None:
    """What a constant name (or ``self.NAME``) was bound to, or None: for rules that read a literal list or
    tuple held in a constant (the rows a seeding loop inserts)."""
    if isinstance(expr, ast.Name):
        return _name_value(expr, ctx)
    if isinstance(expr, ast.Attribute):
        return _attribute_value(expr, ctx)
    return None


def constant_text(expr: ast.AST | None, ctx, depth: int = 0) -> Any:
    """The str or bytes ``expr`` always evaluates to, or ``UNKNOWN``."""
    if expr is None or depth > _MAX_DEPTH:
        return UNKNOWN
    if isinstance(expr, ast.Constant):
        return expr.value if isinstance(expr.value, (str, bytes)) else UNKNOWN
    if isinstance(expr, ast.Name):
        bound = _name_value(expr, ctx)
        return constant_text(bound, ctx, depth + 1) if bound is not None and bound is not expr else UNKNOWN
    if isinstance(expr, ast.Attribute):
        bound = _attribute_value(expr, ctx)
        return constant_text(bound, ctx, depth + 1) if bound is not None else UNKNOWN
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left = constant_text(expr.left, ctx, depth + 1)
        right = constant_text(expr.right, ctx, depth + 1) if left is not UNKNOWN else UNKNOWN
        if left is UNKNOWN or right is UNKNOWN or type(left) is not type(right) or len(left) + len(right) > _MAX_TEXT:
            return UNKNOWN
        return left + right
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for value in expr.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif isinstance(value, ast.FormattedValue) and value.format_spec is None and value.conversion in (-1, 115):
                text = constant_text(value.value, ctx, depth + 1)
                if not isinstance(text, str):
                    return UNKNOWN
                parts.append(text)
            else:
                return UNKNOWN
        joined = "".join(parts)
        return joined if len(joined) <= _MAX_TEXT else UNKNOWN
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "join"
            and len(expr.args) == 1 and not expr.keywords and isinstance(expr.args[0], (ast.List, ast.Tuple))):
        sep = constant_text(expr.func.value, ctx, depth + 1)
        if not isinstance(sep, str):
            return UNKNOWN
        items = [constant_text(e, ctx, depth + 1) for e in expr.args[0].elts]
        if any(not isinstance(i, str) for i in items):
            return UNKNOWN
        joined = sep.join(items)
        return joined if len(joined) <= _MAX_TEXT else UNKNOWN
    return UNKNOWN
