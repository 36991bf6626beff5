"""Taint propagation inside a function: an abstract interpreter over the statements of one function body.

Each function is read once, in order, following the structure of the code (if/else, loops, try, match, with).
Values carry taint with its trace, known constants (so branches on constants are pruned), and container slots
(so ``d["safe"]`` stays clean when ``d["user"]`` is tainted). Guards refine values on each branch: after
``if x not in ALLOWED: return`` the fall-through path knows ``x`` is safe. Calls whose callee may live in
another module become call sites that ``summaries.py`` settles across the whole tree.
"""

from __future__ import annotations

import ast
import operator
import re
from typing import Any, Callable

from ..findings import Location, TraceStep
from .context import ModuleContext
from .gc_pause import paused_gc
from .facts import CallSite, FunctionFacts, ModuleFacts, SinkFact
from .models import Models, SinkSpec, load_models
from .values import (
    CLEAN,
    EMPTY,
    Origin,
    Taint,
    Value,
    add_step,
    cleanse,
    join,
    join_all,
    join_taint,
)

ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "delete", "patch", "api_route", "websocket", "head",
                              "options"})
FASTAPI_NON_INPUT = ("fastapi.BackgroundTasks", "fastapi.Depends", "fastapi.Security", "sqlalchemy", "fastapi.WebSocket")
# A value with no quote characters cannot break out of a quoted XPath literal. (SQL is not listed: a numeric
# context needs no quote, and backslashes break some SQL dialects' quoting.)
QUOTE_KINDS = frozenset({"xpath"})
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh", "cmd",
                    "cmd.exe", "powershell", "powershell.exe", "pwsh"})
SHELL_FLAGS = frozenset({"-c", "/c", "/C", "-Command", "-lc"})
FIXED_PREFIX = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/{}\s]+/|/[^/\\])")
INT_RESULT_METHODS = frozenset({"find", "rfind", "index", "rindex", "count", "startswith", "endswith", "isalnum",
                                "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier", "islower", "isupper",
                                "isspace", "istitle", "isascii", "__len__", "bit_length", "hexdigest", "digest"})
SAFE_CHAR_PREDICATES = frozenset({"isalnum", "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier"})
PASS_METHODS_KEEP_FLAGS = frozenset({"netloc", "hostname", "scheme", "path"})
NO_RETURN = frozenset({"flask.abort", "werkzeug.exceptions.abort", "sys.exit", "builtins.exit", "builtins.quit",
                       "os._exit", "os.abort", "pytest.fail", "pytest.skip", "django.core.exceptions.PermissionDenied"})
DJANGO_VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list",
                                 "retrieve", "create", "update", "partial_update", "destroy"})
# "the value does not contain TEXT" (checked and rejected): which sinks that protects
EXCLUDED_TEXT_PROTECTS = {"..": ("path",), "../": ("path",), "\n": ("log", "header"), "\r": ("log", "header"),
                          "<": ("xss",)}
DB_RESULT_METHODS = frozenset({"first", "one", "one_or_none", "scalar", "scalar_one", "scalar_one_or_none",
                               "fetchone", "fetchall", "fetchmany", "first_or_404", "get_or_404", "count", "exists"})
FASTAPI_PARAM_FUNCS = frozenset({"Query", "Body", "Header", "Cookie", "Path", "Form", "File"})
CLASS_VIEW_BASES = ("flask.views.MethodView", "flask.views.View", "flask_restful.Resource", "flask_restx.Resource")
# A value restricted to safe characters (isalnum(), an anchored regex) cannot inject syntax, but it is still the
# user's choice: storing it in the session or using it as a host name stays a finding.
CHARSET_SAFE_KINDS = ("sql", "command", "code", "path", "redirect", "xss", "template", "deserialization", "xxe",
                      "log", "header", "ldap", "xpath")
# The request's own path: redirecting to it stays on this site (a redirect to it is not an open redirect).
OWN_PATH_ATTRS = frozenset({"path", "path_info", "full_path", "get_full_path", "script_root"})
PATH_METHODS = frozenset({"joinpath", "with_name", "with_suffix", "with_stem", "expanduser", "relative_to"})
URL_PARSERS = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse", "urlparse.urlsplit"})
MAX_STATEMENTS = 20_000
# Constants whose equal values are interchangeable (not float: 0.0 == -0.0), shared as one Value per module
_SHARED_CONSTANTS = frozenset({str, int, bool, type(None), bytes})
LOOP_ROUNDS = 2
# The methods container_method and string_method model (each returns None for any other): most calls skip both
_CONTAINER_METHODS = frozenset({"append", "extend", "update", "add", "insert", "appendleft", "setdefault", "pop",
                                "get", "clear", "keys", "values", "items", "copy", "setFeature", "join", "format",
                                "format_map"})
_STRING_METHODS = INT_RESULT_METHODS | {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "title",
                                        "capitalize", "casefold", "split", "rsplit", "splitlines", "partition",
                                        "rpartition"}

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod, ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


class BudgetExceeded(Exception):
    """A function too large or pathological to follow within the per-function budget."""


Env = dict  # name or dotted path -> Value


def join_env(a: Env | None, b: Env | None) -> Env | None:
    if a is None:
        return b
    if b is None or a is b:
        return a
    out = dict(a)
    for key, value in b.items():
        old = out.get(key)
        out[key] = value if old is None else join(old, value)
    return out


def _dotted(node: ast.AST) -> str | None:
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


def _root_name(node: ast.AST) -> str | None:
    while True:
        kind = node.__class__
        if kind is ast.Attribute or kind is ast.Subscript:
            node = node.value
        elif kind is ast.Call:
            node = node.func
        else:
            return node.id if kind is ast.Name else None


def _unwrap_str(node: ast.AST) -> ast.AST:
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


_BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
_BLOCKS_OF: dict[type, tuple[str, ...]] = {}


def _statements_in(node: ast.AST):
    """The statements (and except handlers, match cases) directly inside ``node``, in ``iter_child_nodes`` order."""
    fields = _BLOCKS_OF.get(node.__class__)
    if fields is None:
        fields = _BLOCKS_OF[node.__class__] = tuple(f for f in node._fields if f in _BLOCK_FIELDS) \
            if isinstance(node, (ast.stmt, ast.mod, ast.excepthandler, ast.match_case)) else ()
    for name in fields:
        block = getattr(node, name, None)
        if block.__class__ is list:
            yield from block


class ModuleAnalyzer:
    """Runs the function analyser over every function (and the module body) of one file."""

    def __init__(self, ctx: ModuleContext, models: Models):
        self.ctx = ctx
        self.models = models
        self.facts = ModuleFacts(path=ctx.path, module=ctx.names.module, exports=dict(ctx.names.aliases))
        self.globals: Env = {}
        self.class_attr_types: dict[str, dict[str, frozenset]] = {}
        self.framework = self._framework()
        self._ids: dict[ast.AST, str] = {}
        self._classes: dict[ast.AST, str] = {}
        self._nested: set[ast.AST] = set()
        # shared per module (see FunctionAnalyzer.loc)
        self.locations: dict[ast.AST, Location] = {}
        self.codes: dict[int, str] = {}
        self.steps: dict[tuple[ast.AST, str], TraceStep] = {}
        self.const_values: dict[tuple, Value] = {}  # one Value per (type, constant) (values are immutable)
        self.typed_source_names = frozenset(models.typed_sources)
        self.owned_by_object: dict[str, bool] = {}
        self.body_id = f"{ctx.names.module}.<module>"

    def _framework(self) -> set[str]:
        names = self.ctx.names
        found = set()
        for fw in ("flask", "fastapi", "starlette", "django", "aiohttp", "rest_framework", "quart"):
            if names.imports_module(fw):
                found.add(fw)
        return found

    def run(self) -> ModuleFacts:
        self._name_scopes(self.ctx.tree, self.ctx.names.module, None)
        module_id = f"{self.ctx.names.module}.<module>"
        body = FunctionAnalyzer(self, self.ctx.tree, module_id, None)
        try:
            facts, env = body.run_module()
        except BudgetExceeded:  # a huge generated module: its functions are still analysed, each on its budget
            facts, env = FunctionFacts(id=module_id, params=[], vararg=None, kwarg=None), {}
            self.facts.diagnostics.append(
                "module-level code exceeds the analysis budget; data flow through it was not followed (its "
                "functions were analysed, each within its own budget)")
        self.facts.functions[facts.id] = facts
        self.globals = env or {}
        for node, func_id in self._ids.items():
            if node in self._nested or func_id in self.facts.functions:
                continue
            self._analyse(node, func_id, None)
        for node, func_id in self._ids.items():  # nested functions their enclosing code never reached
            if func_id not in self.facts.functions:
                self._analyse(node, func_id, None)
        return self.facts

    def analyse_nested(self, node: ast.AST, func_id: str, env: Env) -> None:
        """A function defined inside another is analysed where it is defined, seeing the enclosing variables."""
        if node in self._nested and func_id not in self.facts.functions:
            self._analyse(node, func_id, dict(env))

    def _analyse(self, node: ast.AST, func_id: str, closure: Env | None) -> None:
        self.facts.functions[func_id] = FunctionFacts(id=func_id, params=[], vararg=None, kwarg=None)
        analyzer = FunctionAnalyzer(self, node, func_id, self._classes.get(node), closure)
        try:
            self.facts.functions[func_id] = analyzer.run()
        except BudgetExceeded:
            self.facts.diagnostics.append(
                f"{self.ctx.path}:{node.lineno}: function {node.name} exceeds the analysis budget; "
                "data flow through it was not followed")
        except RecursionError:
            self.facts.diagnostics.append(
                f"{self.ctx.path}:{node.lineno}: function {node.name} is nested too deeply to follow")

    def _name_scopes(self, node: ast.AST, prefix: str, cls: str | None, in_function: bool = False) -> None:
        """Give every function an id (module.Class.method, module.outer.inner) and record classes and bases.

        Only statement lists are entered: a ``def`` or ``class`` is a statement, and expressions hold none."""
        for child in _statements_in(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                func_id = f"{prefix}.{child.name}"
                self._ids[child] = func_id
                if in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self._nested.add(child)  # also inside a with, for, if or try of the function: a closure
                if cls is not None:
                    self._classes[child] = cls
                self._name_scopes(child, func_id, None, in_function=True)
            elif isinstance(child, ast.ClassDef):
                cls_id = f"{prefix}.{child.name}"
                bases = tuple(b for b in (self.ctx.qualname(base) for base in child.bases) if b)
                self.facts.classes[cls_id] = tuple(self.models.canonical_type(b) for b in bases)
                attr_types: dict[str, frozenset] = {}
                for stmt in child.body:
                    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                        t = self.annotation_types(stmt.annotation)
                        if t:
                            attr_types[stmt.target.id] = t
                self.class_attr_types[cls_id] = attr_types
                self._name_scopes(child, cls_id, cls_id)
            elif _BLOCKS_OF.get(child.__class__) != ():  # a simple statement holds no def or class
                self._name_scopes(child, prefix, cls, in_function)

    def annotation_types(self, ann: ast.AST | None) -> frozenset:
        if ann is None:
            return frozenset()
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            try:
                ann = ast.parse(ann.value, mode="eval").body
            except SyntaxError:
                return frozenset()
        if isinstance(ann, ast.Subscript):  # Optional[X], Annotated[X, ...]
            inner = ann.slice
            if isinstance(inner, ast.Tuple) and inner.elts:
                inner = inner.elts[0]
            return self.annotation_types(inner)
        if isinstance(ann, ast.BinOp):  # X | None
            return self.annotation_types(ann.left) | self.annotation_types(ann.right)
        q = self.ctx.qualname(ann)
        return frozenset([self.models.canonical_type(q)]) if q else frozenset()


class FunctionAnalyzer:
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

    def source(self, node: ast.AST, desc: str) -> Value:
        origin = Origin("source", (self.path, node.lineno, node.col_offset), desc)
        return Value(taint={(origin, frozenset()): (self.step(node, f"source: {desc}"),)})

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

    # --- statements ------------------------------------------------------------------------------------------
    def block(self, body: list[ast.stmt], env: Env | None) -> Env | None:
        for stmt in body:
            if env is None:
                return None
            env = self.stmt(stmt, env)
        return env

    def stmt(self, s: ast.stmt, env: Env) -> Env | None:  # noqa: C901 - one dispatch over statement kinds
        self.budget -= 1  # self.tick(), inlined: once per statement
        if self.budget < 0:
            raise BudgetExceeded
        kind = s.__class__
        if kind is ast.Assign:  # the commonest kind first (the parser makes no subclasses of statement nodes)
            value = self.expr(s.value, env)
            for target in s.targets:
                self.assign(target, value, env, s)
            return env
        if isinstance(s, ast.Expr):
            self.expr(s.value, env)
            if isinstance(s.value, ast.Call) and self.ctx.qualname(s.value.func) in NO_RETURN:
                return None
            return env
        if isinstance(s, ast.Assign):
            value = self.expr(s.value, env)
            for target in s.targets:
                self.assign(target, value, env, s)
            return env
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.assign(s.target, self.expr(s.value, env), env, s)
            return env
        if isinstance(s, ast.AugAssign):
            current = self.expr(s.target, env) if not isinstance(s.target, ast.Subscript) else self.expr(s.target, env)
            value = self.binop(s.op, current, self.expr(s.value, env), s.target, s.value)
            self.assign(s.target, value, env, s)
            return env
        if isinstance(s, ast.Return):
            if s.value is not None:
                value = self.expr(s.value, env)
                self.returned(value, s)
            return None
        if isinstance(s, ast.If):
            return self.branch(s.test, s.body, s.orelse, env)
        if isinstance(s, (ast.For, ast.AsyncFor)):
            iterable = self.expr(s.iter, env)
            element = self.element_of(iterable)
            return self.loop(env, s.body, s.orelse, lambda e: self.assign(s.target, element, e, s))
        if isinstance(s, ast.While):
            test = self.expr(s.test, env)
            if test.known and not test.value and not s.orelse:
                return env
            return self.loop(env, s.body, s.orelse, lambda e: None, s.test, forever=test.known and bool(test.value))
        if isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                value = self.expr(item.context_expr, env)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value, env, s)
            return self.block(s.body, env)
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            return self.try_stmt(s, env)
        if isinstance(s, (ast.Raise,)):
            if s.exc is not None:
                raised = self.expr(s.exc, env)
                if self.raised:  # inside a try: its handlers see what the exception carries
                    self.raised[-1].append(raised.all_taint())
            return None
        if isinstance(s, ast.Break):
            if self.loops:
                self.loops[-1][0].append(env)
            return None
        if isinstance(s, ast.Continue):
            if self.loops:
                self.loops[-1][1].append(env)
            return None
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func_id = self.mod._ids.get(s)
            env[s.name] = Value(func=func_id)
            if func_id is not None:
                self.mod.analyse_nested(s, func_id, env)
            return env
        if isinstance(s, ast.ClassDef):
            env[s.name] = Value(types=frozenset([f"{self.facts.id.rsplit('.<module>', 1)[0]}.{s.name}"]))
            return env
        if isinstance(s, ast.Match):
            return self.match(s, env)
        if isinstance(s, ast.Delete):
            for target in s.targets:
                key = _dotted(target)
                if key:
                    env.pop(key, None)
            return env
        if isinstance(s, ast.Assert):
            self.expr(s.test, env)
            return self.refine(env, s.test, True)
        return env  # pass, import, global, nonlocal, type aliases: no data flow

    def returned(self, value: Value, node: ast.AST) -> None:
        taint = value.all_taint()
        if self.is_flask_view:
            body = value.items[0] if value.items else value
            if not (body.types & {"flask.Response"}):
                self.sink("xss", body.all_taint(), node, "return from a Flask view (HTML response)")
        if taint:
            self.facts.returns = join_taint(self.facts.returns, add_step(taint, self.step(node, "returned")))

    def branch(self, test: ast.expr, body: list, orelse: list, env: Env) -> Env | None:
        cond = self.expr(test, env)
        if cond.known:
            return self.block(body if cond.value else orelse, env)
        then_env = self.block(body, self.refine(dict(env), test, True))
        else_env = self.block(orelse, self.refine(dict(env), test, False))
        return join_env(then_env, else_env)

    def loop(self, env: Env, body: list, orelse: list, bind: Callable[[Env], None], test: ast.expr | None = None,
             forever: bool = False) -> Env | None:
        breaks: list = []
        conts: list = []
        self.loops.append((breaks, conts))
        state: Env | None = env
        exit_env: Env | None = env if not forever else None
        try:
            for _ in range(LOOP_ROUNDS):
                start = dict(state) if state is not None else dict(env)
                bind(start)
                if test is not None:
                    start = self.refine(start, test, True)
                end = self.block(body, start)
                for c in conts:
                    end = join_env(end, c)
                state = join_env(state, end)
                if not forever:
                    exit_env = join_env(exit_env, end)
                conts.clear()
        finally:
            self.loops.pop()
        if orelse and exit_env is not None:
            exit_env = self.block(orelse, exit_env)
        for b in breaks:
            exit_env = join_env(exit_env, b)
        return exit_env

    def try_stmt(self, s: ast.Try, env: Env) -> Env | None:
        before = dict(env)
        self.raised.append([])
        try:
            body_env = self.block(s.body, env)
        finally:
            raised = join_taint(*self.raised.pop())
        handler_start = join_env(before, body_env) or before
        out = self.block(s.orelse, body_env) if body_env is not None else None
        for handler in s.handlers:
            h_env = dict(handler_start)
            if handler.name:  # ``except E as e``: e carries what the try body raised with it (e.args, str(e))
                h_env[handler.name] = Value(raised) if raised else CLEAN
            out = join_env(out, self.block(handler.body, h_env))
        if s.finalbody:
            final = self.block(s.finalbody, dict(out) if out is not None else dict(handler_start))
            return final if out is not None else None
        return out

    def match(self, s: ast.Match, env: Env) -> Env | None:
        subject = self.expr(s.subject, env)
        out: Env | None = None
        for case in s.cases:
            verdict = self.pattern_matches(case.pattern, subject) if case.guard is None else None
            case_env = dict(env)
            self.bind_pattern(case.pattern, subject, case_env, s)
            if verdict is False:
                continue
            out = join_env(out, self.block(case.body, case_env))
            if verdict is True:
                return out
        if not any(isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None for c in s.cases):
            out = join_env(out, env)
        return out

    def pattern_matches(self, pattern: ast.pattern, subject: Value) -> bool | None:
        """True/False when a constant subject decides the case, None when it cannot be known."""
        if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
            return True
        if not subject.known:
            return None
        if isinstance(pattern, ast.MatchValue):
            lit = self.ctx.literal(pattern.value)
            return None if lit is self.ctx.MISSING else subject.value == lit
        if isinstance(pattern, ast.MatchSingleton):
            return subject.value is pattern.value
        if isinstance(pattern, ast.MatchOr):
            results = [self.pattern_matches(p, subject) for p in pattern.patterns]
            if any(r is True for r in results):
                return True
            return False if all(r is False for r in results) else None
        return None

    def bind_pattern(self, pattern: ast.pattern, subject: Value, env: Env, s: ast.stmt) -> None:
        for node in ast.walk(pattern):
            if isinstance(node, ast.MatchAs) and node.name:
                env[node.name] = subject if node.pattern is None else Value(subject.all_taint())
            elif isinstance(node, ast.MatchStar) and node.name:
                env[node.name] = Value(subject.all_taint())
            elif isinstance(node, ast.MatchMapping) and node.rest:
                env[node.rest] = Value(subject.all_taint())

    # --- guards ----------------------------------------------------------------------------------------------
    def refine(self, env: Env, test: ast.expr, truth: bool) -> Env:
        """What a branch learns from its condition: allow-list membership, prefix checks, character tests."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self.refine(env, test.operand, not truth)
        if isinstance(test, ast.BoolOp):
            conjunctive = isinstance(test.op, ast.And) == truth
            if conjunctive:  # every operand holds (and-true) or every operand fails (or-false)
                for operand in test.values:
                    env = self.refine(env, operand, truth)
                return env
            branches = [self.refine(dict(env), operand, truth) for operand in test.values]
            out = branches[0]
            for b in branches[1:]:
                out = join_env(out, b)
            return out or env
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, left, right = test.ops[0], test.left, test.comparators[0]
            member = isinstance(op, ast.In) == truth if isinstance(op, (ast.In, ast.NotIn)) else None
            if member is True and self.is_constant_collection(right, env):
                return self.cleanse_subject(env, left, ("*",))
            if member is False and isinstance(left, ast.Constant) and isinstance(left.value, str):
                kinds = EXCLUDED_TEXT_PROTECTS.get(left.value.replace("\\", "/"))
                if kinds:
                    return self.cleanse_subject(env, right, kinds)
            if member is False and self.is_quote_literal(left):
                target = right.value if isinstance(right, ast.Subscript) else right
                if isinstance(right, ast.Subscript):
                    return self.add_flags(env, target, {"inner-noquote"})
                return self.cleanse_subject(env, target, QUOTE_KINDS)
            equal = isinstance(op, ast.Eq) == truth if isinstance(op, (ast.Eq, ast.NotEq)) else None
            if equal is True and self.is_constant_expr(right, env):
                return self.cleanse_subject(env, left, ("*",))
            return env
        if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and truth:
            method = test.func.attr
            subject = test.func.value
            if method in SAFE_CHAR_PREDICATES:
                return self.cleanse_subject(env, subject, CHARSET_SAFE_KINDS)
            if method in {"startswith", "endswith"}:
                inner = _unwrap_str(subject)
                key = _dotted(inner)
                value = env.get(key) if key else None
                if value is not None and "normalized" in value.flags:
                    return self.cleanse_subject(env, inner, ("path",))
                if test.args and self.is_quote_literal(test.args[0]):
                    return self.add_flags(env, inner, {"starts-quote" if method == "startswith" else "ends-quote"})
        if isinstance(test, ast.Call) and truth:
            q = self.ctx.qualname(test.func) or ""
            if q.endswith(("url_has_allowed_host_and_scheme", "is_safe_url")) and test.args:
                return self.cleanse_subject(env, test.args[0], ("redirect", "ssrf"))
            if q in {"re.fullmatch", "re.match"} and len(test.args) >= 2:
                pattern = self.ctx.literal(test.args[0])
                if isinstance(pattern, str) and (q == "re.fullmatch" or pattern.endswith(("$", "\\Z"))):
                    return self.cleanse_subject(env, test.args[1], CHARSET_SAFE_KINDS)
        return env

    def is_quote_literal(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and node.value in ("'", '"')

    def is_constant_collection(self, node: ast.AST, env: Env) -> bool:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(isinstance(e, ast.Constant) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(isinstance(k, ast.Constant) for k in node.keys if k is not None)
        value = self.expr(node, env)
        if value.known and isinstance(value.value, (tuple, frozenset, str)) and not value.all_taint():
            return not isinstance(value.value, str) or len(value.value) > 1
        if value.items is not None and not value.all_taint():
            return all(v.known for v in value.items)
        if value.fields is not None and value.exact_fields and not value.taint:
            return True
        return False

    def is_constant_expr(self, node: ast.AST, env: Env) -> bool:
        value = self.expr(node, env)
        return value.known and not value.all_taint()

    def cleanse_subject(self, env: Env, subject: ast.AST, kinds) -> Env:
        subject = _unwrap_str(subject)
        if isinstance(subject, ast.Attribute) and subject.attr in PASS_METHODS_KEEP_FLAGS:
            base = _dotted(subject.value)
            value = env.get(base) if base else None
            if value is not None:
                for flag in value.flags:
                    if flag.startswith("urlparse-of:"):
                        var = flag.split(":", 1)[1]
                        if var in env:
                            env[var] = env[var].cleansed(("redirect", "ssrf"))
                env[base] = value.cleansed(("redirect", "ssrf"))
                return env
            if isinstance(subject.value, ast.Call) and subject.value.args and \
                    self.ctx.qualname(subject.value.func) in URL_PARSERS:
                key = _dotted(subject.value.args[0])
                if key and key in env:
                    env[key] = env[key].cleansed(("redirect", "ssrf"))
                return env
        if isinstance(subject, ast.Call) and isinstance(subject.func, ast.Attribute) and \
                subject.func.attr in PASS_METHODS_KEEP_FLAGS:
            subject = subject.func.value
        key = _dotted(subject)
        if key and key in env:
            env[key] = env[key].cleansed(kinds)
        return env

    def add_flags(self, env: Env, subject: ast.AST, flags: set[str]) -> Env:
        key = _dotted(_unwrap_str(subject))
        if key and key in env:
            value = env[key].with_flags(flags)
            if {"starts-quote", "ends-quote", "inner-noquote"} <= value.flags:
                value = value.cleansed(QUOTE_KINDS | {"code"})
            env[key] = value
        return env

    # --- assignment ------------------------------------------------------------------------------------------
    def assign(self, target: ast.AST, value: Value, env: Env, stmt: ast.AST) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value.with_taint(add_step(value.taint, self.step(stmt, f"assigned to {target.id}"))) \
                if value.taint else value
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            elts = target.elts
            if value.items is not None and len(value.items) == len(elts) and \
                    not any(isinstance(e, ast.Starred) for e in elts):
                for elt, item in zip(elts, value.items):
                    self.assign(elt, item, env, stmt)
            else:
                spread = Value(value.all_taint())
                for elt in elts:
                    self.assign(elt.value if isinstance(elt, ast.Starred) else elt, spread, env, stmt)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, value, env, stmt)
            return
        if isinstance(target, ast.Attribute):
            key = _dotted(target)
            base_key = _dotted(target.value)
            if key:
                env[key] = value
            if base_key and base_key in env and env[base_key].fields is not None:
                base = env[base_key]
                fields = dict(base.fields)
                fields[target.attr] = value
                env[base_key] = Value(base.taint, base.consts, fields, base.items, base.types, base.flags)
            if isinstance(target.value, ast.Name) and target.value.id == "self" and self.cls:
                if value.types & self.mod.typed_source_names:
                    attrs = self.mod.class_attr_types.setdefault(self.cls, {})
                    attrs[target.attr] = attrs.get(target.attr, frozenset()) | value.types
                taint = value.all_taint()
                if taint:
                    self.facts.field_stores.append((self.cls, target.attr, add_step(taint, self.step(stmt, f"stored in self.{target.attr}"))))
            return
        if isinstance(target, ast.Subscript):
            self.store_item(target, value, env, stmt)

    def store_item(self, target: ast.Subscript, value: Value, env: Env, stmt: ast.AST) -> None:
        base = self.expr(target.value, env)
        key = self.expr(target.slice, env)
        for t in base.types:
            kind = self.models.store_sinks.get(t)
            if kind:
                self.sink(kind, join_taint(key.all_taint(), value.all_taint()), stmt, f"{t} store")
        if isinstance(target.value, ast.Attribute) and target.value.attr == "headers" and \
                not (self.expr(target.value.value, env).types & self.mod.typed_source_names):
            self.sink("header", value.all_taint(), stmt, "response header")
        elif any(t.startswith("django.http") and "Response" in t for t in base.types):
            self.sink("header", value.all_taint(), stmt, "response header")
        base_key = _dotted(target.value)
        if not base_key or base_key not in env:
            return
        if key.known and base.items is not None and isinstance(key.value, int) and -len(base.items) <= key.value < len(base.items):
            items = list(base.items)
            items[key.value] = value
            env[base_key] = Value(base.taint, None, base.fields, tuple(items), base.types, base.flags)
        elif key.known and base.fields is not None and not key.all_taint():
            fields = dict(base.fields)
            fields[key.value] = value
            env[base_key] = Value(base.taint, None, fields, None, base.types, base.flags, exact_fields=base.exact_fields)
        else:
            taint = join_taint(base.taint, value.all_taint(), key.all_taint() if base.fields is not None else EMPTY)
            env[base_key] = Value(taint, None, None, None, base.types, base.flags)

    # --- expressions -----------------------------------------------------------------------------------------
    def expr(self, e: ast.AST, env: Env) -> Value:  # noqa: C901 - one dispatch over expression kinds
        kind = e.__class__  # the four commonest kinds first, by identity (no isinstance calls)
        if kind is ast.Name:
            found = env.get(e.id)  # a local variable (most names are): lookup() without the call
            return found if found is not None else self.lookup(e, env)
        if kind is ast.Attribute:
            return self.attribute(e, env)
        if kind is ast.Call:
            return self.call(e, env)
        if kind is ast.Constant:
            value = e.value
            if value.__class__ not in _SHARED_CONSTANTS:
                return Value.const(value)
            key = (value.__class__, value)  # the type too: 1 == True, but they are different constants
            consts = self.mod.const_values
            found = consts.get(key)
            if found is None:
                found = consts[key] = Value.const(value)
            return found
        if isinstance(e, ast.Constant):
            return Value.const(e.value)
        if isinstance(e, ast.Name):
            return self.lookup(e, env)
        if isinstance(e, ast.Attribute):
            return self.attribute(e, env)
        if isinstance(e, ast.Call):
            return self.call(e, env)
        if isinstance(e, ast.JoinedStr):
            return self.fstring(e, env)
        if isinstance(e, ast.FormattedValue):
            return self.expr(e.value, env)
        if isinstance(e, ast.BinOp):
            return self.binop(e.op, self.expr(e.left, env), self.expr(e.right, env), e.left, e.right)
        if isinstance(e, ast.Subscript):
            return self.subscript(e, env)
        if isinstance(e, ast.Compare):
            return self.compare(e, env)
        if isinstance(e, ast.BoolOp):
            values = [self.expr(v, env) for v in e.values]
            if all(v.known for v in values):
                try:
                    result = values[0].value
                    for v in values[1:]:
                        result = (result and v.value) if isinstance(e.op, ast.And) else (result or v.value)
                    return Value.const(result)
                except Exception:
                    pass
            return join_all(values)
        if isinstance(e, ast.UnaryOp):
            operand = self.expr(e.operand, env)
            if operand.known:
                try:
                    op = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos,
                          ast.Invert: operator.invert}[type(e.op)]
                    return Value.const(op(operand.value))
                except Exception:
                    return CLEAN
            if isinstance(e.op, ast.Not):
                return CLEAN
            return Value(operand.taint)
        if isinstance(e, ast.IfExp):
            cond = self.expr(e.test, env)
            if cond.known:
                return self.expr(e.body if cond.value else e.orelse, env)
            return join(self.expr(e.body, self.refine(dict(env), e.test, True)),
                        self.expr(e.orelse, self.refine(dict(env), e.test, False)))
        if isinstance(e, ast.Set) and all(isinstance(x, ast.Constant) for x in e.elts):
            return Value(consts=frozenset([frozenset(x.value for x in e.elts)]))
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
            if any(isinstance(x, ast.Starred) for x in e.elts) or isinstance(e, ast.Set):
                taint = join_taint(*(self.expr(x, env).all_taint() for x in e.elts))
                first = e.elts[0] if e.elts else None
                fixed = isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in SHELLS
                return Value(taint, flags=frozenset({"fixed-program"}) if fixed else frozenset())
            items = tuple(self.expr(x, env) for x in e.elts)
            consts = None
            if all(v.known for v in items) and len(items) <= 64:
                consts = frozenset([tuple(v.value for v in items)])
            return Value(consts=consts, items=items)
        if isinstance(e, ast.Dict):
            if all(k is not None and isinstance(k, ast.Constant) for k in e.keys):
                fields = {k.value: self.expr(v, env) for k, v in zip(e.keys, e.values)}
                return Value(fields=fields, exact_fields=True)
            parts = [self.expr(v, env).all_taint() for v in e.values]
            parts += [self.expr(k, env).all_taint() for k in e.keys if k is not None]
            return Value(join_taint(*parts))
        if isinstance(e, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self.comprehension(e, env)
        if isinstance(e, ast.Lambda):
            return Value(func=e)
        if isinstance(e, ast.NamedExpr):
            value = self.expr(e.value, env)
            self.assign(e.target, value, env, e)
            return value
        if isinstance(e, ast.Await):
            return self.expr(e.value, env)
        if isinstance(e, (ast.Yield, ast.YieldFrom)):
            if e.value is not None:
                value = self.expr(e.value, env)
                if value.all_taint():
                    self.facts.returns = join_taint(self.facts.returns,
                                                    add_step(value.all_taint(), self.step(e, "yielded")))
            return CLEAN
        if isinstance(e, ast.Starred):
            return self.expr(e.value, env)
        if isinstance(e, ast.Slice):
            for part in (e.lower, e.upper, e.step):
                if part is not None:
                    self.expr(part, env)
            return CLEAN
        return CLEAN

    def lookup(self, node: ast.Name, env: Env) -> Value:
        name = node.id
        if name in env:
            return env[name]
        if name in self.closure:
            return self.closure[name]
        if name in self.mod.globals and self.facts.id != self.mod.body_id:
            return self.mod.globals[name]
        return self.qualified_value(self.ctx.qualname(node), node)

    def qualified_value(self, q: str | None, node: ast.AST) -> Value:
        if q is None:
            return CLEAN
        if q in self.models.attr_sources:
            return self.source(node, self.models.attr_sources[q])
        if q in self.models.objects:
            return Value(types=frozenset([self.models.objects[q]]))
        return Value(types=frozenset([self.models.canonical_type(q)]))

    def attribute(self, e: ast.Attribute, env: Env) -> Value:
        key = _dotted(e)
        if key and key in env:
            return env[key]
        root = _root_name(e)
        if root is not None and root not in env and isinstance(e.value, (ast.Name, ast.Attribute)):
            q = self.ctx.qualname(e)
            if q is not None and (root not in self.mod.globals or q in self.models.attr_sources or q in self.models.objects):
                value = self.qualified_value(q, e)
                if value.taint or q in self.models.objects:
                    return value
                base = self.expr(e.value, env)
                if not (base.taint or base.types & self.mod.typed_source_names):
                    return value
        base = self.expr(e.value, env)
        return self.attribute_of(base, e.attr, e, env)

    def attribute_of(self, base: Value, attr: str, node: ast.AST, env: Env) -> Value:
        if base.fields is not None and attr in base.fields:
            return base.fields[attr]
        types = base.types
        if types:
            if attr == "path" and "flask.Request" in types and self.literal_routes:
                return Value(consts=frozenset(self.literal_routes))  # Flask matched one of these exact paths
            for t in types:
                table = self.models.typed_sources.get(t)
                if table and attr in table:
                    value = self.source(node, table[attr])
                    taint = cleanse(value.taint, ("redirect",)) if attr in OWN_PATH_ATTRS else value.taint
                    return Value(taint, types=frozenset([f"{t}.{attr}"]))
            base_types = types
            types = frozenset(f"{t}.{attr}" for t in base_types if f"{t}.{attr}" in self.models.store_sinks)
            for t in base_types:
                attr_types = self.mod.class_attr_types.get(t, {}).get(attr)
                if attr_types:
                    types |= attr_types
        taint = base.taint
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" and self.cls:
            origin = Origin("field", (self.cls, attr))
            taint = join_taint(taint, {(origin, frozenset()): (self.step(node, f"read self.{attr}"),)})
        elif isinstance(node, ast.Attribute) and base.types:
            # ``box.value`` on an object of a class of the tree: what any of its methods stored in that field
            # (``self.value = value`` in ``__init__``), as ``self.value`` reads it inside the class
            for t in sorted(base.types):
                if self._tree_class(t):
                    origin = Origin("field", (t, attr))
                    taint = join_taint(taint, {(origin, frozenset()): (self.step(node, f"read .{attr}"),)})
        flags = frozenset(f for f in base.flags if f.startswith("urlparse-of:")) if attr in PASS_METHODS_KEEP_FLAGS \
            else frozenset()
        return Value(taint, types=types, flags=flags)

    def subscript(self, e: ast.Subscript, env: Env) -> Value:
        key = self.expr(e.slice, env)
        if key.known and key.value == 0 and self.ctx.qualname(e.value) == "sys.argv" and \
                _root_name(e.value) not in env:
            return CLEAN  # argv[0] is the program's own path, chosen by whoever installed it
        base = self.expr(e.value, env)
        if isinstance(e.slice, ast.Slice):
            if base.known and isinstance(base.value, (str, tuple, bytes)):
                lower = self.expr(e.slice.lower, env) if e.slice.lower else Value.const(None)
                upper = self.expr(e.slice.upper, env) if e.slice.upper else Value.const(None)
                if lower.known and upper.known:
                    try:
                        return Value.const(base.value[lower.value:upper.value])
                    except Exception:
                        pass
            if base.items is not None and all(p is None for p in (e.slice.lower, e.slice.upper, e.slice.step)):
                return base
            return Value(base.all_taint(), types=base.types)
        if key.known:
            k = key.value
            if base.known and isinstance(base.value, (str, tuple, bytes)) and isinstance(k, int):
                try:
                    return Value.const(base.value[k])
                except Exception:
                    return CLEAN
            if base.items is not None and isinstance(k, int):
                if -len(base.items) <= k < len(base.items):
                    return base.items[k]
                return CLEAN
            if base.fields is not None:
                if k in base.fields:
                    return base.fields[k]
                if base.exact_fields:
                    return Value(base.taint)
        if base.fields is not None and not base.taint and base.exact_fields:
            return join_all(base.fields.values())
        return Value(base.all_taint(), types=frozenset(t for t in base.types if t in self.models.store_sinks))

    def compare(self, e: ast.Compare, env: Env) -> Value:
        left = self.expr(e.left, env)
        values = [self.expr(c, env) for c in e.comparators]
        if left.known and all(v.known for v in values):
            try:
                result = True
                current = left.value
                for op, v in zip(e.ops, values):
                    if not _CMPOPS[type(op)](current, v.value):
                        result = False
                        break
                    current = v.value
                return Value.const(result)
            except Exception:
                return CLEAN
        return CLEAN

    def fstring(self, e: ast.JoinedStr, env: Env) -> Value:
        parts = [self.expr(v, env) for v in e.values]
        flags = frozenset()
        if e.values and isinstance(e.values[0], ast.Constant) and isinstance(e.values[0].value, str) and \
                FIXED_PREFIX.match(e.values[0].value):
            flags = frozenset({"fixed-prefix"})
        if all(p.known for p in parts):
            try:
                return Value.const("".join(str(p.value) for p in parts))
            except Exception:
                pass
        return Value(join_taint(*(p.all_taint() for p in parts)), flags=flags)

    def binop(self, op: ast.operator, left: Value, right: Value, lnode: ast.AST, rnode: ast.AST) -> Value:
        if left.known and right.known and type(op) in _BINOPS:
            try:
                a, b = left.value, right.value
                if isinstance(a, (int, float, str, tuple, bytes)) and isinstance(b, (int, float, str, tuple, bytes)):
                    if not (isinstance(op, (ast.Mult, ast.Pow)) and (isinstance(a, (str, tuple, bytes)) or
                                                                   isinstance(b, (str, tuple, bytes)) or abs(b) > 64)):
                        return Value.const(_BINOPS[type(op)](a, b))
            except Exception:
                pass
        if isinstance(op, ast.Add) and left.items is not None and right.items is not None:
            return Value(join_taint(left.taint, right.taint), items=left.items + right.items)
        if isinstance(op, ast.Add) and "fixed-program" in left.flags:
            return Value(join_taint(left.all_taint(), right.all_taint()), flags=frozenset({"fixed-program"}))
        flags = frozenset()
        if isinstance(op, (ast.Add, ast.Mod)) and left.known and isinstance(left.value, str) and \
                FIXED_PREFIX.match(left.value):
            flags = frozenset({"fixed-prefix"})
        elif "fixed-prefix" in left.flags:
            flags = frozenset({"fixed-prefix"})
        types = left.types if isinstance(op, ast.Div) and any(t.startswith("pathlib.") for t in left.types) else frozenset()
        if isinstance(op, (ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.BitAnd, ast.BitOr, ast.BitXor,
                           ast.LShift, ast.RShift)) and not types:
            # arithmetic yields numbers; only str * int keeps text, and str - x is an error
            if isinstance(op, ast.Mult):
                return Value(join_taint(left.all_taint(), right.all_taint()))
            return Value(join_taint(left.taint, right.taint) if isinstance(op, ast.BitOr) else EMPTY)
        return Value(join_taint(left.all_taint(), right.all_taint()), types=types, flags=flags)

    def comprehension(self, e: ast.AST, env: Env) -> Value:
        inner = dict(env)
        for gen in e.generators:
            element = self.element_of(self.expr(gen.iter, inner))
            self.assign(gen.target, element, inner, e)
            for cond in gen.ifs:
                self.expr(cond, inner)
                inner = self.refine(inner, cond, True)
        if isinstance(e, ast.DictComp):
            return Value(join_taint(self.expr(e.key, inner).all_taint(), self.expr(e.value, inner).all_taint()))
        return Value(self.expr(e.elt, inner).all_taint())

    def element_of(self, iterable: Value) -> Value:
        if iterable.items is not None:
            return join_all(iterable.items) if iterable.items else CLEAN
        if iterable.known and isinstance(iterable.value, (str, tuple)):
            return Value(consts=frozenset(iterable.value) if len(iterable.value) <= 8 else None)
        if iterable.fields is not None and iterable.exact_fields:
            return Value(iterable.taint)
        return Value(iterable.all_taint())

    # --- calls -----------------------------------------------------------------------------------------------
    def call(self, e: ast.Call, env: Env) -> Value:  # noqa: C901 - the heart: models, containers, call sites
        func = e.func
        args = [self.expr(a, env) for a in e.args]
        if e.keywords:
            kwargs = {kw.arg: self.expr(kw.value, env) for kw in e.keywords if kw.arg is not None}
            star_taint = join_taint(*(self.expr(kw.value, env).all_taint() for kw in e.keywords if kw.arg is None))
            if star_taint:
                kwargs["**"] = Value(star_taint)
        else:
            kwargs = {}

        local = None
        if isinstance(func, ast.Name) and func.id in env:
            local = env[func.id]
        q = None
        root = _root_name(func)
        if local is None and (root is None or root not in env) and isinstance(func, (ast.Name, ast.Attribute)):
            q = self.ctx.qualname(func)
            if q is not None and root in self.mod.globals and isinstance(func, ast.Attribute) and \
                    root not in self.ctx.names.aliases:
                q = None  # a module-level variable, not an import: treat as a method call on its value

        if local is not None and local.func is not None:
            return self.call_local(local.func, e, args, kwargs, env)
        if q == "builtins.super" and self.cls and self.cls in self.mod.facts.classes:
            # super() in a method: an object of the base classes, so super().__init__(value) is the base's
            return Value(types=frozenset(self.mod.facts.classes[self.cls]))
        if q in ("builtins.map", "builtins.filter") and len(args) == 2:
            element = self.element_of(args[1])
            if q == "builtins.filter":
                return Value(args[1].all_taint())
            if args[0].func is not None:
                return Value(self.call_local(args[0].func, e, [element], {}, env).all_taint())
            return Value(join_taint(args[0].taint, element.all_taint()))
        if q is not None:
            handled = self.call_qualified(q, e, args, kwargs, env)
            if handled is not None:
                return handled
            if isinstance(func, ast.Attribute) and func.attr in self.models.method_sinks and \
                    not self._receiver_is_module(func):
                receiver = self.expr(func.value, env)
                for spec in self.models.method_sinks[func.attr]:
                    self.check_sink(spec, func.attr, e, args, kwargs, receiver, env)
            if ".objects." in q:
                return CLEAN  # a Django model manager: rows from the database, not this request's input
            if isinstance(func, ast.Name) or not self._owned_by_object(q.rsplit(".", 1)[0]):
                return self.call_site(e, (q,), args, kwargs, None, types=frozenset([self.models.canonical_type(q)]))
        if isinstance(func, ast.Attribute):
            receiver = self.expr(func.value, env)
            return self.method_call(e, receiver, func.attr, args, kwargs, env)
        callee = self.expr(func, env)
        return Value(join_taint(callee.taint, *(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values())))

    def _tree_class(self, qualname: str) -> bool:
        """A type that may be a class of the reviewed tree (defined here, or imported from another module of
        the tree), as opposed to one the models know (a framework's request, a library's result)."""
        if qualname in self.mod.facts.classes:
            return True
        last = qualname.rpartition(".")[2]
        return bool(last) and last[0].isupper() and qualname not in self.models.typed_sources \
            and not self._owned_by_object(qualname) and "." in qualname

    def _owned_by_object(self, owner: str) -> bool:
        """``request.args.get`` is a method of a modelled object; ``helpers.utils.escape`` a module function."""
        memo = self.mod.owned_by_object
        found = memo.get(owner)
        if found is None:
            found = memo[owner] = self._owned_by_object_uncached(owner)
        return found

    def _owned_by_object_uncached(self, owner: str) -> bool:
        for table in (self.models.objects, self.models.attr_sources):
            if owner in table or any(owner.startswith(o + ".") for o in table):
                return True
        return False

    def call_local(self, func: Any, e: ast.Call, args: list[Value], kwargs: dict, env: Env) -> Value:
        if isinstance(func, ast.Lambda):
            inner = dict(env)
            params = [a.arg for a in func.args.args]
            for name, value in zip(params, args):
                inner[name] = value
            for name in params[len(args):]:
                if name in kwargs:
                    inner[name] = kwargs[name]
            return self.expr(func.body, inner)
        if isinstance(func, str):
            return self.call_site(e, (func,), args, kwargs, None)
        return CLEAN

    def call_qualified(self, q: str, e: ast.Call, args: list[Value], kwargs: dict, env: Env) -> Value | None:
        """Models for a call known by its qualified name; None when no model applies."""
        models = self.models
        if q in models.call_sources:
            return self.source(e, models.call_sources[q])
        sinks = models.call_sinks.get(q)
        if sinks:
            clean_result = False
            for spec in sinks:
                self.check_sink(spec, q, e, args, kwargs, None, env)
                clean_result = clean_result or spec.clean_result
            if clean_result:
                return Value(types=frozenset([q]))
        if q in models.sanitizers:
            everything = join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values()))
            return Value(cleanse(everything, models.sanitizers[q]), types=frozenset([q]))
        if q in models.normalizers:
            everything = join_taint(*(a.all_taint() for a in args))
            return Value(everything, flags=frozenset({"normalized"}))
        if q in URL_PARSERS and e.args:
            key = _dotted(e.args[0])
            return Value(args[0].all_taint(), flags=frozenset({f"urlparse-of:{key}"} if key else ()))
        if q in ("lxml.etree.XMLParser", "lxml.etree.XMLPullParser"):
            resolve = kwargs.get("resolve_entities")
            safe = resolve is not None and resolve.known and not resolve.value
            return Value(types=frozenset([q]), flags=frozenset() if safe else frozenset({"xxe"}))
        if q in ("os.path.join", "posixpath.join", "ntpath.join"):
            return Value(join_taint(*(a.all_taint() for a in args)), types=frozenset())
        if sinks:
            return Value(join_taint(*(a.all_taint() for a in args)), types=frozenset([q]))
        return None

    def method_call(self, e: ast.Call, receiver: Value, method: str, args: list[Value], kwargs: dict, env: Env) -> Value:
        models = self.models
        func = e.func
        types = receiver.types
        typed_names = [f"{t}.{method}" for t in types] if types else ()
        for t, name in zip(types, typed_names):
            table = models.typed_sources.get(t)
            if table and method in table:
                value = self.source(e, table[method])
                return value.cleansed(("redirect",)) if method in OWN_PATH_ATTRS else value
            if name in models.method_sources:
                return self.source(e, models.method_sources[name])
        clean_result = False
        method_sinks = models.method_sinks
        for name in (method, *typed_names) if types else (method,):
            for spec in method_sinks.get(name, ()):
                if name == method and self._receiver_is_module(func):
                    continue
                self.check_sink(spec, name, e, args, kwargs, receiver, env)
                clean_result = clean_result or (spec.clean_result and name != method)
        if clean_result:
            return CLEAN
        if types and any(t.startswith("configparser.") for t in types):
            keyed = self.config_method(receiver, method, args, _dotted(func.value), env)
            if keyed is not None:
                return keyed
        for name in typed_names:
            if name in models.sanitizers:
                return Value(cleanse(join_taint(receiver.taint, *(a.all_taint() for a in args)), models.sanitizers[name]))
            if name in models.normalizers:
                return Value(receiver.all_taint(), types=receiver.types, flags=frozenset({"normalized"}))
        if method in models.sanitizers and not self._receiver_is_module(func):  # a method name on any receiver
            return Value(cleanse(join_taint(receiver.taint, *(a.all_taint() for a in args)), models.sanitizers[method]))
        if method in {"add", "set", "setdefault", "add_header", "extend"} and len(args) >= 2 and \
                isinstance(func.value, ast.Attribute) and func.value.attr == "headers" and \
                not (self.expr(func.value.value, env).types & self.mod.typed_source_names):
            self.sink("header", args[1].all_taint(), e, "response header")
            return CLEAN
        if "xxe" in receiver.flags and method in {"parse", "feed", "parseString"} and args:
            self.sink("xxe", args[0].all_taint(), e, "XML parser with external entities enabled")
        if method in PATH_METHODS and types and any(t.startswith("pathlib.") for t in types):
            taint = join_taint(receiver.all_taint(), *(a.all_taint() for a in args))
            return Value(taint, types=frozenset({"pathlib.Path"}), flags=receiver.flags & {"normalized"})
        if method in DB_RESULT_METHODS and not receiver.types & self.mod.typed_source_names:
            return CLEAN  # rows from the database: stored data, not this request's input
        if method in _CONTAINER_METHODS:
            container = self.container_method(receiver, method, args, kwargs, _dotted(func.value), env, e)
            if container is not None:
                return container
        if method in _STRING_METHODS:
            string = self.string_method(receiver, method, args, kwargs, e)
            if string is not None:
                return string
        if types and not any(t in models.typed_sources for t in types):
            callees = tuple(f"{t}.{method}" for t in sorted(types))
            return self.call_site(e, callees, args, kwargs, receiver, method=True,
                                  types=frozenset(callees) | (types if method in {"resolve", "absolute"} else frozenset()))
        taint = join_taint(receiver.taint, *(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values()))
        flags = receiver.flags & {"normalized"} if method in {"joinpath", "__truediv__"} else frozenset()
        if not types:
            return Value(taint, flags=flags)
        return Value(taint, types=frozenset(f"{t}.{method}()" for t in types if t.startswith("pathlib")) |
                     (types if any(t.startswith("pathlib") for t in types) else frozenset()),
                     flags=flags)

    def _receiver_is_module(self, func: ast.Attribute) -> bool:
        root = _root_name(func)
        return isinstance(func.value, ast.Name) and root in self.ctx.names.aliases and \
            self.ctx.names.aliases[root] == root and root not in self.mod.globals

    def config_method(self, receiver: Value, method: str, args: list[Value], key: str | None, env: Env) -> Value | None:
        """configparser: values stored with set(section, option, value) and read back with get(section, option)."""
        if len(args) < 2 or not (args[0].known and args[1].known):
            return None
        slot = (args[0].value, args[1].value)
        fields = dict(receiver.fields or {})
        if method == "set" and len(args) >= 3:
            if key and key in env:
                fields[slot] = args[2]
                env[key] = Value(receiver.taint, None, fields, None, receiver.types, receiver.flags,
                                 exact_fields=receiver.exact_fields or receiver.fields is None)
            return CLEAN
        if method in {"get", "getint", "getfloat", "getboolean"} and receiver.fields is not None:
            if method != "get":
                return CLEAN
            return fields.get(slot, Value(receiver.taint) if not receiver.exact_fields else CLEAN)
        return None

    def container_method(self, receiver: Value, method: str, args: list[Value], kwargs: dict,
                         key: str | None, env: Env, e: ast.Call) -> Value | None:
        """Lists and dicts, slot by slot while every operation is understood."""
        if method == "append" and len(args) == 1:
            if key and key in env:
                base = env[key]
                items = base.items + (args[0],) if base.items is not None else None
                env[key] = Value(base.taint if items is not None else join_taint(base.all_taint(), args[0].all_taint()),
                                 None, base.fields, items, base.types, base.flags)
            return CLEAN
        if method in {"extend", "update", "add", "insert", "appendleft", "setdefault"}:
            if key and key in env:
                base = env[key]
                added = join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values()))
                if method == "extend" and base.items is not None and args and args[0].items is not None:
                    env[key] = Value(base.taint, None, None, base.items + args[0].items, base.types, base.flags)
                elif method == "insert" and base.items is not None and len(args) == 2 and args[0].known and \
                        isinstance(args[0].value, int):
                    items = list(base.items)
                    items.insert(args[0].value, args[1])
                    env[key] = Value(base.taint, None, None, tuple(items), base.types, base.flags)
                elif method == "update" and base.fields is not None and args and args[0].fields is not None:
                    fields = dict(base.fields)
                    fields.update(args[0].fields)
                    env[key] = Value(base.taint, None, fields, None, base.types, base.flags,
                                     exact_fields=base.exact_fields and args[0].exact_fields)
                elif method == "setdefault" and base.fields is not None and args and args[0].known:
                    fields = dict(base.fields)
                    fields.setdefault(args[0].value, args[1] if len(args) > 1 else CLEAN)
                    env[key] = Value(base.taint, None, fields, None, base.types, base.flags, exact_fields=base.exact_fields)
                    return fields[args[0].value]
                elif added:
                    env[key] = Value(join_taint(base.all_taint(), added), None, None, None, base.types, base.flags)
            return CLEAN if method != "setdefault" else Value(receiver.all_taint())
        if method == "pop" and receiver.items is not None:
            index = args[0] if args else Value.const(-1)
            if index.known and isinstance(index.value, int) and -len(receiver.items) <= index.value < len(receiver.items):
                items = list(receiver.items)
                popped = items.pop(index.value)
                if key and key in env:
                    env[key] = Value(receiver.taint, None, None, tuple(items), receiver.types, receiver.flags)
                return popped
            return Value(receiver.all_taint())
        if method in {"get", "pop"} and receiver.fields is not None and args and args[0].known:
            k = args[0].value
            if k in receiver.fields:
                value = receiver.fields[k]
                if method == "pop" and key and key in env:
                    fields = dict(receiver.fields)
                    fields.pop(k)
                    env[key] = Value(receiver.taint, None, fields, None, receiver.types, receiver.flags,
                                     exact_fields=receiver.exact_fields)
                return value
            if receiver.exact_fields:
                default = args[1] if len(args) > 1 else kwargs.get("default", CLEAN)
                return join(Value(receiver.taint), default) if receiver.taint else default
        if method in {"clear"} and key and key in env:
            env[key] = Value(types=receiver.types)
            return CLEAN
        if method in {"keys"} and receiver.fields is not None and receiver.exact_fields:
            return Value(receiver.taint)
        if method in {"values", "items", "copy"} and receiver.fields is not None:
            return Value(receiver.all_taint()) if method != "copy" else receiver
        if method == "copy" and receiver.items is not None:
            return receiver
        if method == "setFeature" and len(args) >= 2 and key and key in env:
            feature = self.ctx.qualname(e.args[0]) if e.args else None
            literal = args[0].value if args[0].known else None
            dangerous = (feature or "").endswith(("feature_external_ges", "feature_external_pes")) or (
                isinstance(literal, str) and "external" in literal and "entities" in literal)
            if dangerous and args[1].known and args[1].value:
                env[key] = env[key].with_flags({"xxe"})
            return CLEAN
        if method in {"join"} and args:
            return Value(join_taint(receiver.taint, args[0].all_taint()))
        if method in {"format", "format_map"}:
            return Value(join_taint(receiver.taint, *(a.all_taint() for a in args),
                                    *(v.all_taint() for v in kwargs.values())))
        return None

    def string_method(self, receiver: Value, method: str, args: list[Value], kwargs: dict, e: ast.Call) -> Value | None:
        if method in INT_RESULT_METHODS:
            if receiver.known and method in {"startswith", "endswith", "find", "count", "index", "rfind"} and \
                    all(a.known for a in args):
                try:
                    return Value.const(getattr(receiver.value, method)(*(a.value for a in args)))
                except Exception:
                    return CLEAN
            return CLEAN
        if receiver.known and isinstance(receiver.value, str) and all(a.known for a in args) and \
                method in {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "title", "capitalize", "casefold"}:
            try:
                return Value.const(getattr(receiver.value, method)(*(a.value for a in args)))
            except Exception:
                return None
        if method == "replace" and len(args) >= 2 and args[0].known and not args[1].taint:
            removed = args[0].value
            replacement = args[1].value if args[1].known else None
            if removed in ("\n", "\r", "\r\n"):
                return Value(cleanse(receiver.taint, {"log", "header"}))
            if removed in ("'", '"') and isinstance(replacement, str) and removed not in replacement:
                return Value(cleanse(receiver.taint, QUOTE_KINDS))
        if method in {"split", "rsplit"} and receiver.consts is not None and all(a.known for a in args):
            try:
                results = {tuple(getattr(c, method)(*(a.value for a in args))) for c in receiver.consts}
            except Exception:
                results = set()
            if len(results) == 1:
                parts = next(iter(results))
                return Value(consts=frozenset([parts]), items=tuple(Value.const(p) for p in parts))
            if results and len({len(r) for r in results}) == 1:
                return Value(items=tuple(Value(consts=frozenset(r[i] for r in results)) for i in range(len(next(iter(results))))))
        if method in {"split", "rsplit", "splitlines", "partition", "rpartition"}:
            return Value(receiver.all_taint())
        return None

    def call_site(self, e: ast.Call, callees: tuple[str, ...], args: list[Value], kwargs: dict,
                  receiver: Value | None, method: bool = False, types: frozenset = frozenset()) -> Value:
        """A call settled later across modules; the result is a "call" label the solver resolves."""
        self._call_ids += 1
        site_id = self._call_ids
        site = CallSite(
            id=site_id,
            callees=callees,
            args=[a.all_taint() for a in args],
            kwargs={k: v.all_taint() for k, v in kwargs.items()},
            receiver=receiver.all_taint() if receiver is not None else None,
            location=self.mod.locations.get(e) or self.loc(e),
            code=self.mod.codes.get(e.lineno) or self.code(e),
            is_method=method,
        )
        self.facts.calls[site_id] = site
        origin = Origin("call", (self.facts.id, site_id))
        return Value({(origin, frozenset()): ()}, types=types)

    # --- sinks -----------------------------------------------------------------------------------------------
    def check_sink(self, spec: SinkSpec, api: str, e: ast.Call, args: list[Value], kwargs: dict,
                   receiver: Value | None, env: Env) -> None:
        values: list[Value] = []
        for i in spec.args:
            if i < len(args) and not any(isinstance(a, ast.Starred) for a in e.args[: i + 1]):
                values.append(args[i])
        for name in spec.kwargs:
            if name in kwargs:
                values.append(kwargs[name])
        if spec.receiver and receiver is not None:
            values.append(receiver)
        if not values:
            return
        condition = SINK_CONDITIONS.get(spec.when) if spec.when else None
        if condition is not None:
            values = condition(self, e, args, kwargs, receiver, values)
            if not values:
                return
        taint = join_taint(*(v.all_taint() for v in values))
        if taint:
            shell = kwargs.get("shell")
            hint = "shell" if spec.when == "shell_or_program" and shell is not None and shell.known and shell.value \
                else ""
            self.sink(spec.kind, taint, e, api, hint)

    def sink(self, kind: str, taint: Taint, node: ast.AST, api: str, hint: str = "") -> None:
        if taint:
            self.facts.sinks.append(SinkFact(kind, taint, self.loc(node), self.code(node), api, hint))


# --- named sink conditions (code where data cannot say it) ---------------------------------------------------
def _shell_or_program(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    shell = kwargs.get("shell")
    if shell is not None and not (shell.known and not shell.value):
        return values  # shell=True (or unknown): the whole command string is interpreted by a shell
    command = values[0]
    if "fixed-program" in command.flags:
        return []  # a list whose program is written in the code: its arguments go to that program, not a shell
    if command.items is not None:
        items = command.items
        if not items:
            return []
        first = items[0]
        if first.consts and first.consts <= SHELLS and len(items) > 2 and items[1].consts and \
                items[1].consts <= SHELL_FLAGS:
            return list(items[2:])
        return [first]  # only the program itself; arguments of a fixed program are not a shell
    if command.known or not command.all_taint():
        return []
    return [Value(command.taint)]  # a tainted string is the program path


def _xxe_parser(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    parser = kwargs.get("parser") or (args[1] if len(args) > 1 else None)
    return values[:1] if parser is not None and "xxe" in parser.flags else []


def _lxml_parser(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    parser = kwargs.get("parser") or (args[1] if len(args) > 1 else None)
    if parser is None or "xxe" in parser.flags:
        return values[:1]
    return []


def _unsafe_yaml(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    loader_node = fa.ctx.kwarg(e, "Loader") or (e.args[1] if len(e.args) > 1 else None)
    if loader_node is not None:
        q = fa.ctx.qualname(loader_node) or ""
        if q.rsplit(".", 1)[-1] in {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}:
            return []
    return values[:1]


def _log_message(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    if fa.ctx.call_name(e) == "logging.log" or (isinstance(e.func, ast.Attribute) and e.func.attr == "log"):
        return [args[1]] if len(args) > 1 else []
    return values[:1]


def _url_arg(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    return [v for v in values if "fixed-prefix" not in v.flags]


def _orm_receiver(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    func = e.func
    if isinstance(func, ast.Attribute) and any(isinstance(n, ast.Attribute) and n.attr == "objects"
                                               for n in ast.walk(func.value)):
        return values
    return []


def _ldap_receiver(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    if receiver is not None and any("ldap" in t.lower() for t in receiver.types):
        return values
    name = _dotted(e.func.value) if isinstance(e.func, ast.Attribute) else None
    if name and "ldap" in name.lower():
        return values
    return []


def _etree_receiver(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    if receiver is not None and any("etree" in t.lower() or "elementtree" in t.lower() for t in receiver.types):
        return values
    return []


def _response_body(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    body = values[0]
    if body.items is not None:
        return body.items[:1]
    return [body]


def _never(*_args):
    return []


SINK_CONDITIONS: dict[str, Callable] = {
    "shell_or_program": _shell_or_program,
    "xxe_parser": _xxe_parser,
    "lxml_parser": _lxml_parser,
    "unsafe_yaml": _unsafe_yaml,
    "log_message": _log_message,
    "url_arg": _url_arg,
    "orm_receiver": _orm_receiver,
    "ldap_receiver": _ldap_receiver,
    "response_body": _response_body,
    "etree_receiver": _etree_receiver,
    "never": _never,
}


def extract_module_facts(ctx: ModuleContext, extra_models: tuple[str, ...] = ()) -> ModuleFacts:
    """The per-file phase of the taint engine: facts for every function of one module."""
    with paused_gc():
        return ModuleAnalyzer(ctx, load_models(extra_models)).run()
