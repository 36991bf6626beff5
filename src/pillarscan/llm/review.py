"""Review of entry points, pillar by pillar: the handler, the functions of its module it calls, and the static
findings already made there go to the model with the pillar checklist; its candidates go to ``validate.py``.

An entry point is a function that a framework calls with outside input: decorated as a route or view
(``@app.route``, ``@router.post``, ``@api_view``...) or taking the request as its first parameter.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

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


def entry_points(files: list[str], view: SourceView) -> list[EntryPoint]:
    found = []
    for path in files:
        functions = view.functions(path)
        by_name = {f.name: f for f in functions}
        for function in functions:
            if not _is_entry(function):
                continue
            spans = [(path, *view.span(path, function.lineno))]
            for callee in _callees(function, by_name)[:MAX_CALLEES]:
                spans.append((path, *view.span(path, callee.lineno)))
            found.append(EntryPoint(path, function.name, function.lineno, tuple(spans)))
    return found


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
