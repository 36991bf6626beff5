"""Small AST helpers that several pillar modules' pattern rules share: reading names word by word, the names an
expression mentions, constant flags, the module's file name, and per-file caching of facts about the whole module.

Walking a function's own body is a fact about the module, so it lives on ``ModuleContext.scope_nodes``.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Any, Callable, TypeVar

_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_RELAXED_CONFIG = re.compile(r"test|dev|local|debug", re.IGNORECASE)

T = TypeVar("T")


def name_words(name: str) -> list[str]:
    """``dbPassword`` / ``DB_PASSWORD`` / ``db-password`` → ``['db', 'password']``: names are compared word by
    word, never as raw text (``secretary`` is not a ``secret``)."""
    return [w for w in _NON_ALNUM.split(_CAMEL_HUMP.sub(r"\1_\2", name).lower()) if w]


def last_name(node: ast.AST, ctx) -> str | None:
    """The name a target or value is known by: ``x`` → x, ``a.b`` → b, ``d["k"]`` → k."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = ctx.literal(node.slice)
        return key if isinstance(key, str) else None
    return None


def names_in(expr: ast.AST) -> set[str]:
    """Every plain name an expression mentions, at any depth."""
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}


def is_false(node: ast.AST | None) -> bool:
    """The literal ``False`` (not merely a falsy value: ``verify=0`` is someone's deliberate choice to read)."""
    return isinstance(node, ast.Constant) and node.value is False


def is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def handler_types(handler: ast.ExceptHandler) -> list[ast.expr]:
    """The exception classes an ``except`` clause names: ``except (A, B)`` → [A, B]; a bare ``except:`` → []."""
    if handler.type is None:
        return []
    return list(handler.type.elts) if isinstance(handler.type, ast.Tuple) else [handler.type]


def in_relaxed_config_class(node: ast.AST, ctx) -> bool:
    """Inside ``class TestingConfig:`` / ``DevConfig``: settings there are meant to be relaxed, production's are not."""
    return any(isinstance(a, ast.ClassDef) and _RELAXED_CONFIG.search(a.name) for a in ctx.ancestors(node))


def file_stem(ctx) -> str:
    """The module's file name without folder and suffix: ``settings`` for ``shop/settings.py``."""
    return ctx.rel_path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _is_debug_flag(test: ast.AST) -> bool:
    """``settings.DEBUG``, ``app.debug``, ``current_app.config["DEBUG"]``, or one of them and-ed with more tests."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_debug_flag(v) for v in test.values)
    if isinstance(test, ast.Attribute):
        return test.attr in ("DEBUG", "debug")
    if isinstance(test, ast.Name):
        return test.id in ("DEBUG", "debug")
    if isinstance(test, ast.Subscript):
        return isinstance(test.slice, ast.Constant) and test.slice.value in ("DEBUG", "debug")
    return False


def debug_only(node: ast.AST, ctx) -> bool:
    """``node`` runs only when the application's debug flag is on (``x if settings.DEBUG else ...``, the body of
    ``if app.debug:``): what it shows a developer is not exposed in production."""
    child = node
    for parent in ctx.ancestors(node):
        if isinstance(parent, ast.IfExp) and child is parent.body and _is_debug_flag(parent.test):
            return True
        if isinstance(parent, ast.If) and child in parent.body and _is_debug_flag(parent.test):
            return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False
        child = parent
    return False


def per_module(fn: Callable[[Any], T]) -> Callable[[Any], T]:
    """Compute ``fn(ctx)`` once per file: for facts about the whole module that a rule consults from many nodes."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(ctx) -> T:
        return ctx.memo(key, lambda: fn(ctx))

    return cached


def called_name(call: ast.Call) -> str:
    """The last part of a call's name, however it is reached: ``get_object_or_404``, ``has_perm``, ``sha1``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def chain_names(expr: ast.AST) -> list[str]:
    """The names along a receiver chain as written, root first, calls stepped through:
    ``User.objects.filter(x).update`` → User, objects, filter, update (not resolved: an import path's words are
    not the code's)."""
    out: list[str] = []
    while True:
        if isinstance(expr, ast.Attribute):
            out.append(expr.attr)
            expr = expr.value
        elif isinstance(expr, ast.Call):
            expr = expr.func
        else:
            if isinstance(expr, ast.Name):
                out.append(expr.id)
            return out[::-1]
