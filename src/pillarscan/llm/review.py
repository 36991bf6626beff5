"""Review of entry points, pillar by pillar: the handler, the functions of its module it calls, and the static
findings already made there go to the model with the pillar checklist; its candidates go to ``validate.py``.

An entry point is a function that a framework calls with outside input: decorated as a route or view
(``@app.route``, ``@router.post``, ``@api_view``...), taking the request as its first parameter, or a handler
the route inventory (web/routes.py) found. In a change review the functions it calls in other modules of the
repository are followed too, one call deep, so a change to a helper reaches the handlers that call it.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..findings import Finding
from .context import SourceView
from .prompts import review_messages

_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "head", "options", "websocket",
                               "api_view", "view_config", "expose", "action", "api_route"})
_REQUEST_PARAMS = frozenset({"request", "req"})
MAX_CALLEES = 4


@dataclass(frozen=True)
class EntryPoint:
    path: str
    name: str
    line: int
    spans: tuple[tuple[str, int, int], ...]  # (file, first line, last line) shown to the model


def entry_points(files: list[str], view: SourceView, handlers: Iterable[tuple[str, int]] = (),
                 across_modules: bool = False) -> list[EntryPoint]:
    """The entry points of ``files``; ``handlers`` adds the (file, def line) of routes the inventory found;
    ``across_modules`` follows calls into the other modules of ``files`` (repository-relative paths)."""
    declared: dict[str, set[int]] = {}
    for path, line in handlers:
        declared.setdefault(path, set()).add(line)
    modules = _Modules(files, view) if across_modules else None
    found = []
    for path in files:
        functions = view.functions(path)
        by_name = {f.name: f for f in functions}
        for function in functions:
            if not (_is_entry(function) or function.lineno in declared.get(path, ())):
                continue
            spans = [(path, *view.span(path, function.lineno))]
            callees = [(path, c) for c in _callees(function, by_name)]
            if modules is not None:
                callees += modules.callees(path, function)
            for where, callee in callees[:MAX_CALLEES]:
                spans.append((where, *view.span(where, callee.lineno)))
            found.append(EntryPoint(path, function.name, function.lineno, tuple(spans)))
    return found


def touches(entry: EntryPoint, changed: Mapping[str, frozenset[int]]) -> bool:
    """Whether the change added or rewrote a line of the code the question shows (the handler or a callee)."""
    return any(any(first <= line <= last for line in changed.get(path, ())) for path, first, last in entry.spans)


class _Modules:
    """Calls from a function into the other modules of the reviewed files, by their import statements: ``from
    shop.db import search`` then ``search(...)``, ``from shop import db`` or ``import shop.db as db`` then
    ``db.search(...)``. Names are resolved from the files' paths, never by importing anything."""

    def __init__(self, files: list[str], view: SourceView) -> None:
        from ..python.imports import ModuleIndex

        self.view = view
        self.index = ModuleIndex(files)
        self._seen: dict[str, tuple[dict[str, tuple[str, str]], dict[str, str]]] = {}

    def _module(self, path: str, level: int, name: str) -> str:
        if not level:
            return name
        package = self.index.canonical.get(path, "").split(".")
        if posixpath.basename(path) != "__init__.py":
            package = package[:-1]
        base = package[:len(package) - (level - 1)] if level > 1 else package
        return ".".join([*base, name] if name else base)

    def _imports(self, path: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
        """(local name → (module path, function name), local name → module path) for one file."""
        if path in self._seen:
            return self._seen[path]
        functions: dict[str, tuple[str, str]] = {}
        modules: dict[str, str] = {}
        tree = self.view.tree(path)
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    target = self.index.resolve(alias.name)
                    if target and alias.asname:
                        modules[alias.asname] = target
            elif isinstance(node, ast.ImportFrom):
                module = self._module(path, node.level, node.module or "")
                for alias in node.names:
                    local = alias.asname or alias.name
                    submodule = self.index.resolve(f"{module}.{alias.name}" if module else alias.name)
                    owner = self.index.resolve(module)
                    if submodule:
                        modules[local] = submodule
                    elif owner:
                        functions[local] = (owner, alias.name)
        self._seen[path] = (functions, modules)
        return functions, modules

    def callees(self, path: str, function: ast.AST) -> list[tuple[str, ast.AST]]:
        functions, modules = self._imports(path)
        out: list[tuple[str, ast.AST]] = []
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            target = None
            if isinstance(node.func, ast.Name) and node.func.id in functions:
                target = functions[node.func.id]
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id in modules:
                target = (modules[node.func.value.id], node.func.attr)
            if target is None or target[0] == path:
                continue
            callee = next((f for f in self.view.functions(target[0]) if f.name == target[1]
                           and f.col_offset == 0), None)
            if callee is not None and all(c is not callee for _, c in out):
                out.append((target[0], callee))
        return out


def _is_entry(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in _ROUTE_DECORATORS:
            return True
    params = [a.arg for a in function.args.posonlyargs + function.args.args]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    return bool(params) and params[0] in _REQUEST_PARAMS


def _callees(function: ast.AST, by_name: dict) -> list:
    seen: list = []
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            callee = by_name.get(node.func.id)
            if callee is not None and callee is not function and callee not in seen:
                seen.append(callee)
    return seen


def question(entry: EntryPoint, static: list[Finding], view: SourceView) -> list[dict[str, str]]:
    known = [{"rule": f.rule_id, "cwe": f"CWE-{f.cwe}", "file": f.location.path, "line": f.location.line}
             for f in static if any(f.location.path == p and a <= f.location.line <= b for p, a, b in entry.spans)]
    blocks = [b for b in (view.block(*span) for span in entry.spans) if b]
    return review_messages(f"{entry.name} in {entry.path}, line {entry.line}", known, blocks)
