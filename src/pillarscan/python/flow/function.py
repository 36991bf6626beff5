"""The abstract interpreter of one function body: its state, its parameters (which of them are entry-point
inputs), and the statement, guard, expression and call mixins it is made of.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ...findings import Location, TraceStep
from ..entrypoints import EntryPoint, EntrySpec, route_key
from ..facts import FunctionFacts
from ..values import IDENTITY_FLAGS, OPERATOR, Origin, Value, cleanse, join, join_all
from .calls import CallsMixin
from .containers import ContainersMixin
from .env import BudgetExceeded, Env
from .expressions import ExpressionsMixin
from .guards import GuardsMixin
from .knowledge import CHARSET_SAFE_KINDS, MAX_STATEMENTS
from .statements import StatementsMixin
from . import sensitive

if TYPE_CHECKING:
    from .module import ModuleAnalyzer

OPERATOR_MARK = frozenset({OPERATOR})


def shared_names(ctx, node: ast.AST, closure: dict) -> tuple[frozenset[str], frozenset[str]]:
    """The enclosing function's variables this function changes: those it rebinds (``nonlocal x``), and the
    containers it writes into (``box["v"] = ...``, ``found.append(...)``, ``state.user = ...``), not counting
    functions and classes defined inside it, nor its own local variables."""
    rebound: set[str] = set()
    written: set[str] = set()
    local: set[str] = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    for s in ctx.scope_nodes(node):  # its own code: nested functions and classes are listed, not entered
        if not isinstance(s, ast.stmt):
            continue
        if isinstance(s, ast.Nonlocal):
            rebound.update(s.names)
            continue
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(s.name)
            continue
        targets = s.targets if isinstance(s, ast.Assign) else [s.target] if isinstance(
            s, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)) else []
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Store):
                    local.add(part.id)
                elif isinstance(part, (ast.Subscript, ast.Attribute)) and isinstance(part.ctx, ast.Store):
                    root = part.value
                    while isinstance(root, (ast.Subscript, ast.Attribute)):
                        root = root.value
                    if isinstance(root, ast.Name):
                        written.add(root.id)
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Attribute) \
                and isinstance(s.value.func.value, ast.Name):
            written.add(s.value.func.value.id)  # found.append(v): an unchanged receiver is dropped on exit
    return frozenset(rebound), frozenset(n for n in written - local - rebound if n in closure)


class FunctionAnalyzer(StatementsMixin, GuardsMixin, ExpressionsMixin, CallsMixin, ContainersMixin):
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
        self._leaving: list = []  # per enclosing try: the join of the envs its body may be left with
        self.is_flask_view = False
        self.is_view_entry = False  # a route's handler: what it returns is the response (sensitive flows)
        self.literal_routes: frozenset = frozenset()
        self.facts = FunctionFacts(id=func_id, params=[], vararg=None, kwarg=None)
        self._call_ids = 0
        # what this function wrote into files it names by a constant path: a later open() of the same path for
        # reading hands it back (request bytes written to "upload.pickle", then pickle.load from it)
        self.file_writes: dict[str, dict] = {}

    _return_envs: list | None = None  # while a closure with nonlocal names runs: the envs its returns leave with
    _siblings: dict | None = None
    _unrolling = 0  # literal loops being run slot by slot around the statement now evaluated (statements.unrolled)

    def sibling_functions(self) -> dict[str, str]:
        """The functions defined in this body whose name nothing else in it binds: a nested function calling one
        defined after it (``def one(a): return two(a)`` then ``def two(a): ...``) calls that one, since a
        closure looks its free names up when it runs."""
        if self._siblings is None:
            defs: dict[str, str] = {}
            bound: dict[str, int] = {}
            if isinstance(self.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for a in ast.walk(self.node.args):
                    if isinstance(a, ast.arg):
                        bound[a.arg] = 2  # a parameter of that name: the call's argument, not the def
            for n in self.ctx.scope_nodes(self.node):
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not self.node:
                    bound[n.name] = bound.get(n.name, 0) + 1
                    func_id = self.mod._ids.get(n)
                    if func_id is not None and not isinstance(n, ast.ClassDef):
                        defs[n.name] = func_id
                elif isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
                    bound[n.id] = bound.get(n.id, 0) + 1
                elif isinstance(n, (ast.Import, ast.ImportFrom)):
                    for alias in n.names:
                        name = (alias.asname or alias.name).partition(".")[0]
                        bound[name] = bound.get(name, 0) + 1
            self._siblings = {name: fid for name, fid in defs.items() if bound.get(name) == 1}
        return self._siblings

    # --- entry points ----------------------------------------------------------------------------------------
    def run_module(self) -> tuple[FunctionFacts, Env | None]:
        env = self.block(self.node.body, {})
        return self.facts, env

    def run(self) -> FunctionFacts:
        node = self.node
        self.facts.location = self.loc(node)
        env = self.bind_params(node)
        rebound, written = shared_names(self.ctx, node, self.closure) if self.closure else (frozenset(), frozenset())
        shared = rebound | written
        if not shared:
            self.block(node.body, env)
            return self.facts
        entry = {name: self.closure[name] for name in shared if name in self.closure and name not in env}
        env.update(entry)  # an exit that leaves the very same object did not change the variable
        self._return_envs = []
        end = self.block(node.body, env)
        exits = self._return_envs + ([end] if end is not None else [])
        self._return_envs = None
        effects = {}
        for name in shared:
            changed = [x[name] for x in exits if name in x and x[name] is not entry.get(name)]
            if changed:
                # a rebinding on every path replaces the variable; a container written into keeps what the
                # enclosing function put there since (joined)
                effects[name] = (join_all(changed), len(changed) == len(exits) and name in rebound)
        if effects:
            self.mod.nonlocal_effects[self.facts.id] = effects
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
        """Each parameter's value on entry: the request object (typed), the client's own values where the
        function is an entry point (see python/entrypoints.py), else the parameter itself, for callers to fill."""
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
        mod = self.mod
        ep = mod.entry_point(node, self.facts.id, self.cls)
        spec = ep.spec if ep is not None else None
        self.literal_routes = ep.literal_routes if ep is not None else frozenset()
        # (not for a function that is a view only if another module registers it: its returns are not known to
        # be responses)
        self.is_flask_view = spec is not None and spec.framework == "flask" and spec.params == "url" and not ep.gated
        self.is_view_entry = spec is not None and not ep.gated
        is_method = self.cls is not None and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        fastapi = mod.fastapi_spec
        env: Env = {}
        position = -1  # among the parameters after self
        for index, a in enumerate(all_args):
            name = a.arg
            types = mod.annotation_types(a.annotation)
            if is_method and index == 0 and a in positional:
                cls_types = {self.cls} | mod.class_ancestors(self.cls)
                env[name] = Value(types=frozenset(cls_types))
                continue
            if a in positional:
                position += 1
            default_value = self.expr(defaults[name], dict(self.closure)) if name in defaults else None
            if not types:
                if spec is not None and a in positional and position in spec.request_positions and spec.request_type:
                    types = frozenset({spec.request_type})
                else:
                    types = mod.request_type_by_name.get(name, types)
            if types and any(t in self.models.typed_sources for t in types):
                env[name] = Value(types=types)
                continue
            default = defaults.get(name)
            if fastapi is not None and isinstance(default, ast.Call):
                dq = self.ctx.qualname(default.func) or ""
                if dq.rsplit(".", 1)[-1] == "Depends" and default.args:
                    dep = self.ctx.qualname(default.args[0])
                    if dep:
                        env[name] = self.call_site(default, (dep,), [], {}, None)
                        continue
                if dq.startswith(("fastapi.", "starlette.")) and dq.rsplit(".", 1)[-1] in fastapi.param_funcs:
                    value = self.source(a, f"FastAPI request parameter '{name}'")
                    converted = bool(types) and types <= set(fastapi.safe_types)
                    taint = cleanse(value.taint, CHARSET_SAFE_KINDS) if converted else value.taint
                    env[name] = Value(taint, types=types)
                    continue
            if spec is not None and self.is_input(ep, a, name, position if a in positional else None, default):
                desc = spec.desc or f"{spec.framework} request input"
                # An entry point's parameter: untrusted, unless code in the tree calls this function itself
                # (then it is a helper that happens to look like a view, and its callers' values count).
                if ep.gated:
                    key = route_key(self.path, a.lineno, a.col_offset, self.facts.id, self.cls, name,
                                    spec.framework if ep.fallback and default is None else "")
                else:
                    key = (self.path, a.lineno, a.col_offset, "entry", self.facts.id)
                entry = Origin("source", key, f"{desc} '{name}'")
                origin = Origin("param", (self.facts.id, name))
                env[name] = Value({(entry, frozenset()): (self.step(a, f"source: {desc} '{name}'"),),
                                   (origin, frozenset()): (self.step(a, f"parameter '{name}'"),)}, types=types)
                continue
            origin = Origin("param", (self.facts.id, name))
            taint = {(origin, frozenset()): (self.step(a, f"parameter '{name}'"),)}
            # the URL rule, or an annotation the framework converts to (item_id: int), admits only a number or an id
            if ep is not None and (name in ep.constrained or (types and types <= set(spec.safe_types))):
                taint = cleanse(taint, CHARSET_SAFE_KINDS)
            value = Value(taint=taint, types=types, flags=IDENTITY_FLAGS)  # the caller's object itself
            env[name] = join(value, default_value).with_flags(IDENTITY_FLAGS) if default_value is not None else value
        return sensitive.parameters(self, all_args, env)

    def is_input(self, ep: EntryPoint, arg: ast.arg, name: str, position: int | None, default: ast.expr | None) -> bool:
        """Whether a parameter of entry point ``ep`` holds the client's values (the request object is typed
        before this is asked)."""
        spec = ep.spec
        if position is not None and position in spec.source_positions:
            return True
        if spec.params == "request" or name in ep.constrained or name in spec.not_inputs:
            return False
        if position is not None and position < spec.skip:
            return False
        if spec.params == "fastapi":
            return not self.fastapi_non_input(arg, default, spec)
        return True

    def fastapi_non_input(self, arg: ast.arg, default: ast.expr | None, spec: EntrySpec) -> bool:
        if default is not None and isinstance(default, ast.Call):
            q = self.ctx.qualname(default.func) or ""
            if q.endswith(("Depends", "Security")):
                return True
        types = self.mod.annotation_types(arg.annotation)
        if types and spec.safe_types and types <= set(spec.safe_types):
            return True  # item_id: int: FastAPI answers 422 unless the text converts, and hands over the number
        return any(t.startswith(spec.non_input_types) for t in types)
