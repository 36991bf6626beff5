"""One file's analysis: name every function and class, run the module body, then every function on its own budget.
"""

from __future__ import annotations

import ast
import re

from ...findings import Location, TraceStep
from .. import entrypoints
from ..context import ModuleContext
from ..facts import FunctionFacts, ModuleFacts
from ..models import Models
from ..values import Value
from .env import BudgetExceeded, Env
from .function import FunctionAnalyzer
from .syntax import BLOCKS_OF, statements_in


# Web frameworks and task queues whose importers are application code (for entry_scope: a task's arguments come
# from whoever enqueued it); their own trees are not
ENTRY_SCOPE_FRAMEWORKS = ("flask", "fastapi", "starlette", "django", "aiohttp", "rest_framework", "quart", "bottle",
                          "tornado", "falcon", "pyramid", "sanic", "cherrypy", "celery", "dramatiq", "huey")


# Frameworks whose response headers reject a value holding CR or LF (Werkzeug's Headers, Django's
# ResponseHeaders, Starlette and h11, Tornado, aiohttp): a header value there cannot split the response
HEADER_VALUE_CHECKS = frozenset({"flask", "django", "rest_framework", "fastapi", "starlette", "quart", "tornado",
                                 "aiohttp"})

_VENDORED = re.compile(r"(^|/)(site-packages|dist-packages|vendor|_vendor|vendored|third_party|thirdparty|"
                       r"node_modules)(/|$)")


def _is_main_guard(stmt: ast.stmt) -> bool:
    """``if __name__ == "__main__":``"""
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare) or len(stmt.test.comparators) != 1:
        return False
    sides = [stmt.test.left, stmt.test.comparators[0]]
    return any(isinstance(n, ast.Name) and n.id == "__name__" for n in sides) and \
        any(isinstance(n, ast.Constant) and n.value == "__main__" for n in sides)


class ModuleAnalyzer:
    """Runs the function analyser over every function (and the module body) of one file."""

    def __init__(self, ctx: ModuleContext, models: Models):
        self.ctx = ctx
        self.models = models
        self.facts = ModuleFacts(path=ctx.path, module=ctx.names.module, exports={**ctx.names.aliases, **ctx.names.star_exports()})
        self.globals: Env = {}
        self._stored_attrs: frozenset | None = None
        self.constant_results: dict[str, Value | None] = {}  # CallsMixin.constant_result
        self._function_nodes: dict[str, ast.AST] | None = None
        self.class_attr_types: dict[str, dict[str, frozenset]] = {}
        self.framework = self._framework()
        # a CGI program reads its client's request on standard input: operator sources are not the operator's
        self.serves_clients = any(ctx.names.imports_module(m) for m in ("cgi", "cgitb")) or \
            ctx.source_mentions("QUERY_STRING") or ctx.source_mentions("REQUEST_METHOD")
        self._ids: dict[ast.AST, str] = {}
        self._classes: dict[ast.AST, str] = {}
        self._nested: set[ast.AST] = set()
        # closures that rebind enclosing variables: fid -> {name: (value it leaves, whether on every path)}
        self.nonlocal_effects: dict[str, dict[str, tuple]] = {}
        # shared per module (see FunctionAnalyzer.loc)
        self.locations: dict[ast.AST, Location] = {}
        self.codes: dict[int, str] = {}
        self.steps: dict[tuple[ast.AST, str], TraceStep] = {}
        self.const_values: dict[tuple, Value] = {}  # one Value per (type, constant) (values are immutable)
        self.typed_source_names = frozenset(models.typed_sources)
        self.owned_by_object: dict[str, bool] = {}
        self.predicates: dict[ast.Call, ast.expr | None] = {}  # is_safe(x) -> the condition it returns, for x
        self.validators: dict[ast.Call, list] = {}  # validate(x) -> the conditions its guard clauses raise on
        self.partials: dict[tuple, ast.Call] = {}  # (partial(f, a), its call g(b)) -> the call f(a, b) they make
        self.body_id = f"{ctx.names.module}.<module>"
        # entry points (python/entrypoints.py): the frameworks' tables that apply here, this module's own
        # registrations (kept in the facts for the cross-module phase), request parameters known by name
        self.entry_specs = sorted((s for s in models.entrypoints if s.applies(self.framework)), key=lambda s: s.rank)
        self.registrations = entrypoints.registrations(ctx, models, self.framework) if self.entry_specs else []
        self.facts.routes = sorted({(r.target, tuple(sorted(r.constrained)), r.framework) for r in self.registrations})
        self._local_routes = entrypoints.local_registrations(self.registrations)
        self.fastapi_spec = next((s for s in self.entry_specs if s.params == "fastapi"), None)
        self.header_values_checked = bool(self.framework & HEADER_VALUE_CHECKS) or \
            ctx.names.imports_module("werkzeug")
        self.request_type_by_name: dict[str, frozenset] = {}
        for spec in reversed(self.entry_specs):  # the later table wins (Django's request over Flask's)
            for name in spec.request_names:
                self.request_type_by_name.setdefault(name, frozenset({spec.request_type}))
        self._ancestors: dict[str, set[str]] = {}
        self._class_nodes: dict[str, ast.ClassDef] = {}
        self._records: dict[str, tuple] | None = None
        self._returns_self: dict[str, bool] = {}
        self.function_ids: frozenset = frozenset()
        self.imported_targets: frozenset | None = None  # what the module's imports name (see flow.conditions)

    def function_nodes(self) -> dict[str, ast.AST]:
        if self._function_nodes is None:
            self._function_nodes = {func_id: node for node, func_id in self._ids.items()}
        return self._function_nodes

    def record(self, qualname: str) -> tuple[tuple[tuple[str, ast.expr | None], ...], bool] | None:
        """A record class of this module whose constructor only stores its arguments: a ``@dataclass`` with no
        ``__init__`` or ``__post_init__`` of its own, a ``typing.NamedTuple`` subclass, or
        ``collections.namedtuple("P", ["a", "b"])``. Its fields in order (each with its default expression, or
        None), and whether it is a named tuple (its fields are also its items)."""
        if self._records is None:
            self._records = _record_classes(self.ctx, self.ctx.names.module)
        return self._records.get(qualname)

    def returns_self(self, method: str) -> bool:
        """A method of a class of this module whose every return is ``return self`` (a builder's setter), so a
        call of it is the same object, on which the next call of a chain is that class's method again."""
        found = self._returns_self.get(method)
        if found is None:
            cls, _, name = method.rpartition(".")
            node = self._class_nodes.get(cls)
            body = next((s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                         s.name == name), None) if node is not None else None
            returns = [] if body is None else [s for s in self.ctx.scope_nodes(body) if isinstance(s, ast.Return)]
            found = self._returns_self[method] = bool(returns) and all(
                isinstance(r.value, ast.Name) and r.value.id == "self" for r in returns)
        return found

    @property
    def stored_attrs(self) -> frozenset:
        """Every attribute name this module assigns (``x.NAME = …``, ``setattr(x, "NAME", …)``): such a class
        attribute may change after the class body, so it is not read as the constant it starts as."""
        if self._stored_attrs is None:
            names = {n.attr for n in self.ctx.nodes_of_type(ast.Attribute) if not isinstance(n.ctx, ast.Load)}
            for call in self.ctx.nodes_of_type(ast.Call):
                if isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) >= 2:
                    name = call.args[1]
                    names.add(name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else "*")
            self._stored_attrs = frozenset(names)
        return self._stored_attrs

    def _framework(self) -> frozenset[str]:
        names = self.ctx.names
        wanted = {"flask", "fastapi", "starlette", "django", "aiohttp", "rest_framework", "quart"}
        for spec in self.models.entrypoints:
            wanted.update(spec.imports)
        return frozenset(fw for fw in wanted if names.imports_module(fw))

    def entry_point(self, node: ast.FunctionDef | ast.AsyncFunctionDef, func_id: str, cls: str | None):
        """What ``node`` is as an entry point (``entrypoints.EntryPoint``), or None."""
        if not self.entry_specs:
            return None
        return entrypoints.classify(self.ctx, self.entry_specs, node, func_id, cls, self.facts.classes,
                                    self._local_routes)

    def class_ancestors(self, cls: str) -> set[str]:
        found = self._ancestors.get(cls)
        if found is None:
            found = self._ancestors[cls] = entrypoints.ancestors(self.facts.classes, cls)
        return found

    def _entry_scope(self) -> bool:
        """Application code, where a public function nothing in the tree calls is likely an entry point of its
        own (a handler reached by dispatch, a task, a callback): a runnable script, or a module of a web
        application. Not tests, and not a framework's own code (Django's tree imports django everywhere)."""
        if self.ctx.is_test_code or _VENDORED.search(self.ctx.rel_path.replace("\\", "/")):
            return False
        own_root = self.ctx.names.module.partition(".")[0]
        if any(own_root == fw or own_root.startswith((fw + "_", "django_")) for fw in ENTRY_SCOPE_FRAMEWORKS):
            return False  # a framework's own tree, or an extension library of it (flask_login, django_filters)
        if any(self.ctx.names.imports_module(fw) for fw in ENTRY_SCOPE_FRAMEWORKS):
            return True
        return any(_is_main_guard(stmt) for stmt in self.ctx.tree.body)

    def run(self) -> ModuleFacts:
        self.facts.entry_scope = self._entry_scope()
        self._name_scopes(self.ctx.tree, self.ctx.names.module, None)
        self.function_ids = frozenset(self._ids.values())
        module_id = f"{self.ctx.names.module}.<module>"
        body = FunctionAnalyzer(self, self.ctx.tree, module_id, None)
        try:
            facts, env = body.run_module()
        except BudgetExceeded:  # a huge generated module: its functions are still analysed, each on its budget
            facts, env = FunctionFacts(id=module_id, params=[], vararg=None, kwarg=None), {}
            self.facts.diagnostics.append(
                "module-level code exceeds the analysis budget; data flow through it was not followed (its "
                "functions were analysed, each within its own budget)")
        for cls, attr, node, desc in entrypoints.form_fields(self.ctx, self.models, self.framework,
                                                              self.facts.classes, self._class_nodes):
            facts.field_stores.append((cls, attr, body.source(node, desc).taint))
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
        for child in statements_in(node):
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
                self._class_nodes[cls_id] = child
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
            elif BLOCKS_OF.get(child.__class__) != ():  # a simple statement holds no def or class
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


_DATACLASS = frozenset({"dataclasses.dataclass", "attr.dataclass"})
_NAMEDTUPLES = frozenset({"collections.namedtuple", "typing.NamedTuple"})


def _record_classes(ctx, module: str) -> dict[str, tuple]:
    """Record classes defined at the top level of the module (see ModuleAnalyzer.record): qualified name ->
    (fields, whether it is a named tuple)."""
    out: dict[str, tuple] = {}
    for stmt in ctx.tree.body:
        if isinstance(stmt, ast.ClassDef):
            decorated = any(ctx.qualname(d.func if isinstance(d, ast.Call) else d) in _DATACLASS
                            for d in stmt.decorator_list)
            named = any(ctx.qualname(b) == "typing.NamedTuple" for b in stmt.bases)
            if not (decorated or named) or (decorated and stmt.bases):
                continue  # a dataclass with a base class may inherit fields this module does not show
            if any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name in ("__init__", "__post_init__",
                                                                                         "__new__")
                   for s in stmt.body):
                continue
            fields = []
            for s in stmt.body:
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.simple:
                    if "ClassVar" in ast.dump(s.annotation) or "InitVar" in ast.dump(s.annotation):
                        continue
                    if isinstance(s.value, ast.Call):  # field(default=..., init=False, ...): not a plain slot
                        fields = None
                        break
                    fields.append((s.target.id, s.value))
            if fields:
                out[f"{module}.{stmt.name}"] = (tuple(fields), named)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and isinstance(stmt.value, ast.Call) and ctx.qualname(stmt.value.func) in _NAMEDTUPLES \
                and len(stmt.value.args) == 2 and not stmt.value.keywords:
            spec = stmt.value.args[1]
            names: list | None = None
            if isinstance(spec, ast.Constant) and isinstance(spec.value, str):
                names = spec.value.replace(",", " ").split()
            elif isinstance(spec, (ast.List, ast.Tuple)) and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in spec.elts):
                names = [e.value for e in spec.elts]
            elif isinstance(spec, (ast.List, ast.Tuple)) and all(
                    isinstance(e, ast.Tuple) and len(e.elts) == 2 and isinstance(e.elts[0], ast.Constant)
                    for e in spec.elts):  # NamedTuple("P", [("a", str), ...])
                names = [e.elts[0].value for e in spec.elts]
            if names and all(isinstance(n, str) and n.isidentifier() for n in names):
                out[f"{module}.{stmt.targets[0].id}"] = (tuple((n, None) for n in names), True)
    return out
