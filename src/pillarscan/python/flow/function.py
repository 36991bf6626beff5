"""The abstract interpreter of one function body: its state, its parameters (which of them are entry-point
inputs), and the statement, guard, expression and call mixins it is made of.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ...findings import Location, TraceStep
from ..facts import FunctionFacts
from ..values import OPERATOR, Origin, Value, join
from .calls import CallsMixin
from .env import BudgetExceeded, Env
from .expressions import ExpressionsMixin
from .guards import GuardsMixin
from .knowledge import (
    CLASS_VIEW_BASES, DJANGO_VIEW_METHODS, FASTAPI_NON_INPUT, FASTAPI_PARAM_FUNCS, MAX_STATEMENTS, ROUTE_DECORATORS,
)
from .statements import StatementsMixin

if TYPE_CHECKING:
    from .module import ModuleAnalyzer

OPERATOR_MARK = frozenset({OPERATOR})


class FunctionAnalyzer(StatementsMixin, GuardsMixin, ExpressionsMixin, CallsMixin):
    """Abstract interpretation of one function body (or the module body)."""

    def __init__(self, mod: ModuleAnalyzer, node: ast.AST, func_id: str, cls: str | None, closure: Env | None = None):
        self.mod = mod
        self.closure = closure or {}
        self.ctx = mod.ctx
        self.models = mod.models
        self.node = node
        self.cls = cls
        self.path = mod.ctx.path
        self.budget = MAX_STATEMENTS
        self.loops: list[tuple[list, list]] = []  # (break envs, continue envs)
        self.raised: list[list] = []  # per enclosing try: the taint of the exceptions its body raises
        self.is_flask_view = False
        self.literal_routes: frozenset = frozenset()
        self.facts = FunctionFacts(id=func_id, params=[], vararg=None, kwarg=None)
        self._call_ids = 0

    # --- entry points ----------------------------------------------------------------------------------------
    def run_module(self) -> tuple[FunctionFacts, Env | None]:
        env = self.block(self.node.body, {})
        return self.facts, env

    def run(self) -> FunctionFacts:
        node = self.node
        self.facts.location = self.loc(node)
        env = self.bind_params(node)
        self.block(node.body, env)
        return self.facts

    # --- helpers ---------------------------------------------------------------------------------------------
    def loc(self, node: ast.AST) -> Location:
        """One Location object per node for the whole module: loops and guards evaluate nodes more than once,
        and shared objects are stored (and pickled) once."""
        locs = self.mod.locations
        found = locs.get(node)
        if found is None:
            try:
                found = Location(self.path, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
            except AttributeError:
                found = Location(self.path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0),
                                 getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None))
            locs[node] = found
        return found

    def code(self, node: ast.AST) -> str:
        try:
            lineno = node.lineno
        except AttributeError:
            lineno = 1
        codes = self.mod.codes
        found = codes.get(lineno)
        if found is None:
            found = codes[lineno] = self.ctx.line(lineno).strip()
        return found

    def step(self, node: ast.AST, note: str) -> TraceStep:
        steps = self.mod.steps
        key = (node, note)
        found = steps.get(key)
        if found is None:
            found = steps[key] = TraceStep(self.loc(node), self.code(node), note)
        return found

    def source(self, node: ast.AST, desc: str, api: str | None = None) -> Value:
        origin = Origin("source", (self.path, node.lineno, node.col_offset), desc)
        marks = OPERATOR_MARK if api in self.models.operator_sources and not self.mod.serves_clients else frozenset()
        return Value(taint={(origin, marks): (self.step(node, f"source: {desc}"),)})

    def tick(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise BudgetExceeded

    # --- parameters ------------------------------------------------------------------------------------------
    def bind_params(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Env:
        args = node.args
        positional = list(args.posonlyargs) + list(args.args)
        all_args = positional + ([args.vararg] if args.vararg else []) + list(args.kwonlyargs) + \
            ([args.kwarg] if args.kwarg else [])
        self.facts.params = [a.arg for a in positional] + [a.arg for a in args.kwonlyargs]
        self.facts.vararg = args.vararg.arg if args.vararg else None
        self.facts.kwarg = args.kwarg.arg if args.kwarg else None
        defaults: dict[str, ast.expr] = {}
        for a, d in zip(positional[len(positional) - len(args.defaults):], args.defaults):
            defaults[a.arg] = d
        for a, d in zip(args.kwonlyargs, args.kw_defaults):
            if d is not None:
                defaults[a.arg] = d
        route = self.route_kind(node)
        self.literal_routes = self.literal_route_paths(node) if route == "flask" else frozenset()
        if route is None and self.cls is not None and node.name in DJANGO_VIEW_METHODS and \
                any(b.startswith(CLASS_VIEW_BASES) for b in self.mod.facts.classes.get(self.cls, ())):
            route = "flask"  # a Flask class-based view: URL variables arrive as method arguments
        self.is_flask_view = route == "flask"
        is_method = self.cls is not None and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        django_view = "django" in self.mod.framework or "rest_framework" in self.mod.framework
        env: Env = {}
        seen_request = False
        for index, a in enumerate(all_args):
            name = a.arg
            types = self.mod.annotation_types(a.annotation)
            if is_method and index == 0 and a in positional:
                cls_types = {self.cls}
                for base in self.mod.facts.classes.get(self.cls, ()):
                    cls_types.add(base)
                env[name] = Value(types=frozenset(cls_types))
                continue
            default_value = self.expr(defaults[name], dict(self.closure)) if name in defaults else None
            if name == "request" and django_view and not types:
                types = frozenset({"django.http.HttpRequest"})
            elif name in ("request", "req") and not types and {"flask", "quart"} & self.mod.framework:
                types = frozenset({"flask.Request"})
            if types and any(t in self.models.typed_sources for t in types):
                env[name] = Value(types=types)
                seen_request = True
                continue
            default = defaults.get(name)
            if isinstance(default, ast.Call) and {"fastapi", "starlette"} & self.mod.framework:
                dq = self.ctx.qualname(default.func) or ""
                if dq.rsplit(".", 1)[-1] == "Depends" and default.args:
                    dep = self.ctx.qualname(default.args[0])
                    if dep:
                        env[name] = self.call_site(default, (dep,), [], {}, None)
                        continue
                if dq.startswith(("fastapi.", "starlette.")) and dq.rsplit(".", 1)[-1] in FASTAPI_PARAM_FUNCS:
                    value = self.source(a, f"FastAPI request parameter '{name}'")
                    env[name] = Value(value.taint, types=types)
                    continue
            if route == "flask" or (route == "fastapi" and not self.fastapi_non_input(a, defaults.get(name))) or \
                    (django_view and seen_request and route is None and (self.cls is None or node.name in DJANGO_VIEW_METHODS)) or route == "aiohttp":
                desc = {"flask": "Flask URL parameter", "fastapi": "FastAPI request parameter",
                        "aiohttp": "aiohttp request"}.get(route or "", "Django URL argument")
                # An entry point's parameter: untrusted, unless code in the tree calls this function itself
                # (then it is a helper that happens to look like a view, and its callers' values count).
                entry = Origin("source", (self.path, a.lineno, a.col_offset, "entry", self.facts.id), f"{desc} '{name}'")
                origin = Origin("param", (self.facts.id, name))
                env[name] = Value({(entry, frozenset()): (self.step(a, f"source: {desc} '{name}'"),),
                                   (origin, frozenset()): (self.step(a, f"parameter '{name}'"),)}, types=types)
                continue
            origin = Origin("param", (self.facts.id, name))
            taint = {(origin, frozenset()): (self.step(a, f"parameter '{name}'"),)}
            value = Value(taint=taint, types=types)
            env[name] = join(value, default_value) if default_value is not None else value
        return env

    def route_kind(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        for dec in node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
                if (self.ctx.qualname(target) or "").startswith(("unittest.", "mock.", "pytest.")):
                    continue
                if {"fastapi", "starlette"} & self.mod.framework:
                    return "fastapi"
                if "aiohttp" in self.mod.framework:
                    return "aiohttp"
                if {"flask", "quart"} & self.mod.framework:
                    return "flask"
        return None

    def literal_route_paths(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset:
        """The URL paths of a view whose every route is a literal (no <converter>), else empty."""
        paths = set()
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr in ROUTE_DECORATORS:
                rule = self.ctx.literal(dec.args[0]) if dec.args else None
                if not isinstance(rule, str) or "<" in rule:
                    return frozenset()
                paths.add(rule)
        return frozenset(paths)

    def fastapi_non_input(self, arg: ast.arg, default: ast.expr | None) -> bool:
        if default is not None and isinstance(default, ast.Call):
            q = self.ctx.qualname(default.func) or ""
            if q.endswith(("Depends", "Security")):
                return True
        types = self.mod.annotation_types(arg.annotation)
        return any(t.startswith(FASTAPI_NON_INPUT) for t in types)
