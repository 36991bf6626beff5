"""What makes a function an entry point, and which of its parameters are untrusted — read from the
``[[entrypoint]]`` tables of models/*.toml, one or more per framework.

An entry describes one way a framework reaches application code: a decorator (``@app.route``), a base class
whose methods are handlers (``MethodView.get``, ``RequestHandler.get``, ``on_get`` of a Falcon resource), a call
that registers a function (``app.add_url_rule``, Django's ``path()``), or the shape of a request-first view.
For such a function it says which parameters carry the request object (a type whose attributes are sources) and
which are the client's own values (URL arguments, GraphQL arguments, a parsed body). A URL converter that admits
only digits or a UUID (``<int:pk>``, ``(?P<pk>\\d+)``) constrains its argument: that parameter is not a source.

Registrations may live in another module (a Django ``urls.py``); the per-file phase cannot see it, so a view
whose being a view depends on one gets a *route* origin (``route_origin``) that the cross-module phase keeps
only when some module registers the function (``ModuleFacts.routes``), or, in a tree where nothing registers
views of its framework, when the function sits where views live (a ``views`` module).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import ModuleContext
    from .models import Models

_PARAM_MODES = ("url", "request", "fastapi", "all")


@dataclass(frozen=True)
class EntrySpec:
    """One ``[[entrypoint]]`` table."""

    framework: str
    imports: tuple[str, ...] = ()  # the module must import one of these for the entry to apply
    decorators: tuple[str, ...] = ()  # last name of a decorator that makes a function an entry point
    bases: tuple[str, ...] = ()  # base classes (prefixes; "*.x.Y" = ends with) whose handler methods are entries
    methods: tuple[str, ...] = ()  # handler method names in those classes
    method_prefixes: tuple[str, ...] = ()  # or names starting with these ("do_", "on_", "resolve_")
    method_decorators: tuple[str, ...] = ()  # or methods carrying one of these decorators (Nova's @wsgi.action)
    public_methods: bool = False  # or every public method of the class
    any_class: bool = False  # handler methods count in any class of a module importing the framework
    functions: tuple[str, ...] = ()  # module-level functions of these names are entry points (WSGI application)
    register_calls: tuple[str, ...] = ()  # qualified callables that register a view
    register_methods: tuple[str, ...] = ()  # method names that register a view (app.add_url_rule)
    view_arg: int = 1  # where the view is among a registration's arguments
    view_kwarg: str = "view"
    rule_arg: int = 0  # where the URL rule is
    rule_syntax: str = ""  # "flask" (<int:x>), "bottle" (<x:int>), "django" (path and regex), "" none
    view_decorators: tuple[str, ...] = ()  # decorators that mark a request-first function as a view (Django)
    request_first: bool = False  # a function whose first parameter is the request is a view candidate
    params: str = "url"  # what the other parameters are: url args, nothing ("request"), FastAPI rules, all
    request_type: str = ""  # the type of the request parameter
    request_names: tuple[str, ...] = ()  # parameters of these names are the request (in any function)
    request_positions: tuple[int, ...] = ()  # positions (after self) of the request in an entry point
    source_positions: tuple[int, ...] = ()  # positions (after self) whose value is untrusted (WSGI environ)
    not_inputs: tuple[str, ...] = ()  # parameter names that are never the client's values (info, resp)
    skip: int = 0  # leading positional parameters (after self) that are not inputs (a resolver's parent)
    non_input_types: tuple[str, ...] = ()  # annotation types (prefixes) that are injected, not input
    param_funcs: tuple[str, ...] = ()  # default calls that declare a request parameter (FastAPI Query())
    validators: tuple[str, ...] = ()  # decorators that validate the request body against a schema
    validated: tuple[str, ...] = ()  # the parameters such a decorator validates (not free text afterwards)
    form_bases: tuple[str, ...] = ()  # form classes whose declared fields the framework fills from the request
    safe_fields: tuple[str, ...] = ()  # field classes whose data is converted (a number, a date, a boolean)
    safe_types: tuple[str, ...] = ()  # parameter annotations the framework converts to (int, UUID, date): no text
    rank: int = 100  # order among decorator entries when a module imports several frameworks
    desc: str = ""

    def applies(self, framework: frozenset[str]) -> bool:
        return not self.imports or bool(framework & set(self.imports))


_ENTRY_KEYS: dict[str, object] = {
    "framework": str, "imports": [str], "decorators": [str], "bases": [str], "methods": [str],
    "method_prefixes": [str], "method_decorators": [str], "public_methods": bool, "any_class": bool,
    "functions": [str], "register_calls": [str], "register_methods": [str], "view_arg": int, "view_kwarg": str, "rule_arg": int,
    "rule_syntax": str, "view_decorators": [str], "request_first": bool, "params": str, "request_type": str,
    "request_names": [str], "request_positions": [int], "source_positions": [int], "not_inputs": [str],
    "skip": int, "non_input_types": [str], "param_funcs": [str], "validators": [str], "validated": [str],
    "form_bases": [str], "safe_fields": [str], "safe_types": [str], "rank": int, "desc": str,
}


def spec_of(entry: dict) -> EntrySpec:
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
    return EntrySpec(**values)


def check_entry(entry: dict, where: str) -> str | None:
    """What is wrong with one ``[[entrypoint]]`` table beyond key types, or None."""
    if "framework" not in entry:
        return f"{where}': missing key 'framework' (the framework's name, e.g. 'flask')"
    if entry.get("params", "url") not in _PARAM_MODES:
        return f"{where}.params': must be one of {', '.join(_PARAM_MODES)} (got {entry['params']!r})"
    if entry.get("rule_syntax", "") not in ("", "flask", "bottle", "django"):
        return f"{where}.rule_syntax': must be 'flask', 'bottle' or 'django' (got {entry['rule_syntax']!r})"
    ways = ("decorators", "bases", "form_bases", "functions", "register_calls", "register_methods", "request_first", "request_names",
            "any_class")
    if not any(entry.get(k) for k in ways):
        return f"{where}': says nothing that makes an entry point: give one of {', '.join(ways)}"
    return None


ENTRY_KEYS = _ENTRY_KEYS


# ------------------------------------------------------------------------------------------------ URL rules
_FLASK_VAR = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
_BOTTLE_VAR = re.compile(r"<(\w+)(?::(\w+)(?::[^>]*)?)?>")
_DJANGO_VAR = re.compile(r"<(?:(\w+):)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()\\]|\\.)*)\)")
# Converters whose values cannot carry syntax: digits, UUIDs
CONSTRAINED_CONVERTERS = frozenset({"int", "float", "uuid"})
_DIGITS_ONLY = re.compile(r"^(?:\\d|\[(?:0-9|a-f|A-F|\\d|-)+\]|[0-9]|[+*?]|\{\d+(?:,\d*)?\})+$")


def rule_params(rule: str, syntax: str) -> tuple[frozenset[str], frozenset[str]]:
    """The URL variables of ``rule``: (all of them, the ones whose converter admits only digits or a UUID)."""
    names: set[str] = set()
    constrained: set[str] = set()
    if syntax == "flask":
        for converter, name in _FLASK_VAR.findall(rule):
            names.add(name)
            if converter in CONSTRAINED_CONVERTERS:
                constrained.add(name)
    elif syntax == "bottle":
        for name, converter in _BOTTLE_VAR.findall(rule):
            names.add(name)
            if converter in CONSTRAINED_CONVERTERS:
                constrained.add(name)
    elif syntax == "django":
        for converter, name in _DJANGO_VAR.findall(rule):
            names.add(name)
            if converter in CONSTRAINED_CONVERTERS:
                constrained.add(name)
        for name, pattern in _REGEX_GROUP.findall(rule):
            names.add(name)
            if _DIGITS_ONLY.match(pattern):
                constrained.add(name)
    return frozenset(names), frozenset(constrained)


# ----------------------------------------------------------------------------------------- registrations
@dataclass(frozen=True)
class Registration:
    """A view registered by a call: which function or class, under which framework, and the URL variables its
    rule constrains (to digits or a UUID)."""

    target: str
    framework: str
    constrained: frozenset[str] = frozenset()
    rule: str | None = None
    wrappers: tuple[tuple[str, int], ...] = ()  # login_required(views.x): (qualified name, line) of each wrapper


def registrations(ctx: ModuleContext, models: Models, framework: frozenset[str]) -> list[Registration]:
    """Every registration call of the module (``path("<int:pk>/", views.detail)``, ``app.add_url_rule``)."""
    specs = [s for s in models.entrypoints if (s.register_calls or s.register_methods) and s.applies(framework)]
    if not specs:
        return []
    # only the calls this module can name (a qualified name starts with a package it can resolve under) and the
    # methods written in it: in most modules none, and no call needs looking at
    calls = {name: s for name, s in {name: s for s in specs for name in s.register_calls}.items()
             if ctx.may_resolve_under(name.partition(".")[0])}
    methods = {name: s for name, s in {name: s for s in specs for name in s.register_methods}.items()
               if ctx.source_mentions(name)}
    if not calls and not methods:
        return []
    last_names = {name.rpartition(".")[2] for name in calls}  # asked before the (dearer) qualified name
    out: list[Registration] = []
    for call in ctx.nodes_of_type(ast.Call):
        func = call.func
        spec = None
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if last is None:
            continue
        if last in methods and isinstance(func, ast.Attribute):
            spec = methods[last]
        if spec is None and last in last_names:
            spec = calls.get(ctx.qualname(func) or "")
        if spec is None:
            continue
        view = ctx.kwarg(call, spec.view_kwarg)
        if view is None and len(call.args) > spec.view_arg and not isinstance(call.args[spec.view_arg], ast.Starred):
            view = call.args[spec.view_arg]
        if view is None:
            continue
        wrappers: list[tuple[str, int]] = []
        for _ in range(4):  # login_required(views.x), csrf_exempt(...), an admin's wrap(view): the view inside
            if not isinstance(view, ast.Call):
                break
            if isinstance(view.func, ast.Attribute) and view.func.attr == "as_view":
                view = view.func.value  # a class-based view: its handler methods are the views
                break
            if len(view.args) != 1:
                break
            wrapper = view.func.func if isinstance(view.func, ast.Call) else view.func  # permission_required(p)(v)
            wrapped = ctx.qualname(wrapper) if isinstance(wrapper, (ast.Name, ast.Attribute)) else None
            if wrapped:
                wrappers.append((wrapped, view.lineno))
            view = view.args[0]
        target = ctx.qualname(view) if isinstance(view, (ast.Name, ast.Attribute)) else None
        if not target:
            continue
        rule_node = ctx.kwarg(call, "rule") or ctx.kwarg(call, "route") or ctx.kwarg(call, "path")
        if rule_node is None and len(call.args) > spec.rule_arg:
            rule_node = call.args[spec.rule_arg]
        rule = ctx.literal(rule_node, None) if rule_node is not None else None
        constrained = rule_params(rule, spec.rule_syntax)[1] if isinstance(rule, str) else frozenset()
        out.append(Registration(target, spec.framework, constrained, rule if isinstance(rule, str) else None,
                                tuple(wrappers)))
    return out


# ------------------------------------------------------------------------------------------- entry points
@dataclass(frozen=True)
class EntryPoint:
    """What one function is as an entry point: the entry that made it one, the parameters its URL rules
    constrain, the literal paths it serves (Flask, when every rule is literal), and whether its being a view
    is settled across modules (``gated``: a route origin, see the module docstring)."""

    spec: EntrySpec
    constrained: frozenset[str] = frozenset()
    literal_routes: frozenset[str] = frozenset()
    gated: bool = False
    fallback: bool = False  # gated: also a view when the tree registers no view of its framework (views module)


def _decorator_name(dec: ast.expr) -> tuple[ast.expr, str | None]:
    target = dec.func if isinstance(dec, ast.Call) else dec
    if isinstance(target, ast.Attribute):
        return target, target.attr
    if isinstance(target, ast.Name):
        return target, target.id
    return target, None


def _matches_base(name: str, patterns: tuple[str, ...]) -> bool:
    for p in patterns:
        if p.startswith("*.") and (name.endswith(p[1:]) or name == p[2:]):
            return True
        if name == p or name.startswith(p + ".") or name.startswith(p):
            return True
    return False


def ancestors(classes: dict[str, tuple[str, ...]], cls: str) -> set[str]:
    """Every base of ``cls`` reachable through the module's own classes."""
    seen: set[str] = set()
    stack = list(classes.get(cls, ()))
    while stack:
        base = stack.pop()
        if base in seen:
            continue
        seen.add(base)
        stack.extend(classes.get(base, ()))
    return seen


def classify(ctx: ModuleContext, specs: list[EntrySpec], node: ast.FunctionDef | ast.AsyncFunctionDef,
             func_id: str, cls: str | None, classes: dict[str, tuple[str, ...]],
             local: dict[str, list[Registration]]) -> EntryPoint | None:
    """The entry point ``node`` is, or None. ``specs``: the tables that apply to the module, by rank."""
    if not specs:
        return None
    # 1. a route decorator
    for spec in specs if node.decorator_list else ():
        if not spec.decorators:
            continue
        rules: list[str | None] = []
        for dec in node.decorator_list:
            target, name = _decorator_name(dec)
            if name not in spec.decorators:
                continue
            q = ctx.qualname(target) or ""
            if q.startswith(("unittest.", "mock.", "pytest.")):
                continue
            if isinstance(target, ast.Name) and not any(q == m or q.startswith(m + ".") for m in spec.imports):
                continue  # a bare @get must be the framework's own
            rule = None
            if isinstance(dec, ast.Call):
                rule_node = dec.args[0] if dec.args else ctx.kwarg(dec, "path") or ctx.kwarg(dec, "rule")
                rule = ctx.literal(rule_node, None) if rule_node is not None else None
            rules.append(rule if isinstance(rule, str) else None)
        if rules:
            return _entry(spec, rules)
    # 2. registered by a call in this module
    owner = cls if cls is not None else func_id
    regs = local.get(func_id) or (local.get(cls) if cls is not None else None)
    if regs:
        spec = next((s for s in specs if s.framework == regs[0].framework and (s.register_calls or s.register_methods)),
                    None)
        if spec is not None and (cls is None or _is_handler_name(node, _handler_spec(specs, spec.framework))):
            constrained = frozenset.intersection(*(r.constrained for r in regs))
            paths = frozenset(r.rule for r in regs if r.rule)
            literal = paths if spec.rule_syntax == "flask" and len(paths) == len(regs) and \
                not any("<" in p for p in paths) else frozenset()
            return EntryPoint(spec, constrained, literal)
    # 3. a module-level function the framework finds by its name
    if cls is None and func_id == f"{ctx.names.module}.{node.name}":
        for spec in specs:
            if node.name in spec.functions or func_id in spec.functions:
                return EntryPoint(spec)
    # 4. a handler method of a handler class
    if cls is not None:
        bases = ancestors(classes, cls)
        for spec in specs:
            if not (spec.bases or spec.any_class) or not _is_handler_name(node, spec):
                continue
            if spec.any_class or any(_matches_base(b, spec.bases) for b in bases):
                if spec.validators and any(_decorator_name(d)[1] in spec.validators for d in node.decorator_list):
                    return EntryPoint(spec, frozenset(spec.validated))  # a schema says what the body holds
                return EntryPoint(spec)
    # 5. a request-first view whose registration may be elsewhere (Django)
    for spec in specs:
        if not spec.request_first:
            continue
        positional = [a.arg for a in node.args.posonlyargs + node.args.args]
        if cls is not None and positional and not _is_static(node):
            positional = positional[1:]
        if not positional or positional[0] not in spec.request_names:
            continue
        decorated = any(_decorator_name(d)[1] in spec.view_decorators for d in node.decorator_list)
        if cls is not None:
            if not _is_handler_name(node, spec):
                continue
            return EntryPoint(spec, gated=not decorated, fallback=True)
        views_module = any(p == "views" or p.startswith("views_") or p.endswith("_views")
                           for p in ctx.names.module.split("."))
        return EntryPoint(spec, gated=not decorated, fallback=views_module and not owner.rsplit(".", 1)[-1].startswith("_"))
    # 6. a module-level function another module may register (a Flask app factory's add_url_rule): a view if
    # some module does
    if cls is None and func_id == f"{ctx.names.module}.{node.name}" and not node.name.startswith("_"):
        for spec in specs:
            if spec.imports and spec.register_methods and spec.params == "url" and not spec.request_positions:
                return EntryPoint(spec, gated=True)
    return None


def _handler_spec(specs: list[EntrySpec], framework: str) -> EntrySpec | None:
    return next((s for s in specs if s.framework == framework and (s.methods or s.method_prefixes)), None)


def _is_handler_name(node: ast.FunctionDef | ast.AsyncFunctionDef, spec: EntrySpec | None) -> bool:
    if spec is None:
        return True
    name = node.name
    if name in spec.methods or (spec.method_prefixes and name.startswith(spec.method_prefixes)):
        return True
    if spec.public_methods and not name.startswith("_"):
        return True
    return bool(spec.method_decorators) and any(_decorator_name(d)[1] in spec.method_decorators
                                                for d in node.decorator_list)


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def _entry(spec: EntrySpec, rules: list[str | None]) -> EntryPoint:
    constrained: frozenset[str] | None = None
    for rule in rules:
        c = rule_params(rule, spec.rule_syntax)[1] if rule is not None else frozenset()
        constrained = c if constrained is None else constrained & c
    literal = frozenset()
    if spec.rule_syntax == "flask" and all(r is not None and "<" not in r for r in rules):
        literal = frozenset(r for r in rules if r is not None)
    return EntryPoint(spec, constrained or frozenset(), literal)


def local_registrations(regs: list[Registration]) -> dict[str, list[Registration]]:
    out: dict[str, list[Registration]] = {}
    for r in regs:
        out.setdefault(r.target, []).append(r)
    return out


def form_fields(ctx: ModuleContext, models: Models, framework: frozenset[str], classes: dict[str, tuple[str, ...]],
                class_nodes: dict[str, ast.ClassDef]) -> list[tuple[str, str, ast.AST, str]]:
    """(class, field, node, description) for every field declared on a form class (``name = StringField()``
    in a ``FlaskForm`` subclass): the framework fills ``form.name.data`` from the request, wherever the form
    is used, so the class's field holds request data."""
    specs = [s for s in models.entrypoints if s.form_bases and s.applies(framework)]
    out: list[tuple[str, str, ast.AST, str]] = []
    if not specs:
        return out
    for cls, node in class_nodes.items():
        bases = ancestors(classes, cls)
        spec = next((s for s in specs if any(_matches_base(b, s.form_bases) for b in bases)), None)
        if spec is None:
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and len(stmt.targets) == 1 and \
                    isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                field = ctx.qualname(stmt.value.func) or ""
                if field.rpartition(".")[2] in spec.safe_fields:
                    continue
                out.append((cls, name, stmt.targets[0], f"{spec.desc or 'form data'} '{name}'"))
    return out


# ------------------------------------------------------------------------------- settling across modules
ROUTE = "route"  # the fourth item of a route origin's key


def route_key(path: str, line: int, col: int, func_id: str, cls: str | None, param: str, fallback: str) -> tuple:
    """The key of an origin kept only if ``func_id`` (or its class) is registered somewhere in the tree, or
    (``fallback``, a framework's name) if nothing in the tree registers views of that framework."""
    return (path, line, col, ROUTE, func_id, param, cls or "", fallback)


def route_kept(key: tuple, routes: dict[str, frozenset[str]], frameworks: frozenset[str]) -> bool:
    """Whether a route origin stands: its function or class is registered, by rules that leave its parameter
    free; or the tree registers no view of its framework and the function sits where views live."""
    _, _, _, _, func_id, param, cls, fallback = key
    for target in (func_id, cls):
        if target and target in routes:
            constrained = routes[target]
            return not constrained or param not in constrained
    return bool(fallback) and fallback not in frameworks


def route_table(all_routes) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(target -> the parameters every registration of it constrains, the frameworks that register views)."""
    table: dict[str, frozenset[str]] = {}
    frameworks = set()
    for target, constrained, framework in all_routes:
        c = frozenset(constrained)
        table[target] = table[target] & c if target in table else c
        frameworks.add(framework)
    return table, frozenset(frameworks)


# -------------------------------------------------------------------------- handlers named by an OpenAPI spec
# connexion routes each operation to the function its ``operationId`` names (``module.function``, or a
# function of the module ``x-openapi-router-controller`` names). No YAML parser is a dependency, so YAML specs
# are read line by line for those two keys only (their values are plain scalars in every spec that connexion
# can load); JSON specs are parsed with the standard library.
_OPERATION = re.compile(r"""^(\s*)(?:-\s+)?(operationId|x-openapi-router-controller)\s*:\s*["']?([\w.]+)["']?\s*(?:#.*)?$""")
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
MAX_SPEC_BYTES = 2_000_000


def openapi_operations(folders) -> tuple[str, ...]:
    """The functions named by the OpenAPI specs in ``folders`` (each folder's own files and its immediate
    subfolders': where ``add_api`` finds its specification), qualified as connexion resolves them."""
    import os

    found: set[str] = set()
    seen: set[str] = set()
    for folder in folders:
        for place in _spec_places(folder):
            if place in seen:
                continue
            seen.add(place)
            try:
                entries = list(os.scandir(place))
            except OSError:
                continue
            for entry in entries:
                if not entry.name.endswith(_SPEC_SUFFIXES):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_size > MAX_SPEC_BYTES:
                        continue
                    with open(entry.path, "rb") as fh:
                        text = fh.read(MAX_SPEC_BYTES).decode("utf-8", "replace")
                except OSError:
                    continue
                if "operationId" in text:
                    found.update(_json_operations(text) if entry.name.endswith(".json") else _yaml_operations(text))
    return tuple(sorted(found))


def _spec_places(folder: str):
    import os

    yield folder
    try:
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith((".", "__")):
                yield entry.path
    except OSError:
        return


def _yaml_operations(text: str) -> set[str]:
    out: set[str] = set()
    controllers: list[tuple[int, str]] = []  # (indent, module) of the router-controller keys in scope
    for line in text.splitlines():
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while controllers and controllers[-1][0] > indent:
            controllers.pop()
        m = _OPERATION.match(line)
        if m is None:
            continue
        key, value = m.group(2), m.group(3)
        if key == "x-openapi-router-controller":
            controllers.append((indent, value))
        else:
            out.add(f"{controllers[-1][1]}.{value}" if controllers else value)
    return {name for name in out if "." in name}


def _json_operations(text: str) -> set[str]:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return set()
    out: set[str] = set()
    stack: list[tuple[object, str | None]] = [(data, None)]
    while stack:
        node, controller = stack.pop()
        if isinstance(node, dict):
            controller = node.get("x-openapi-router-controller", controller)
            op = node.get("operationId")
            if isinstance(op, str):
                out.add(f"{controller}.{op}" if isinstance(controller, str) else op)
            stack.extend((v, controller) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, controller) for v in node)
    return {name for name in out if "." in name}


def openapi_entrypoints(operations: tuple[str, ...]) -> dict:
    """The model table that makes the named functions entry points (their parameters are the request's path,
    query and body values, which connexion passes by name)."""
    return {"entrypoint": [{"framework": "connexion", "functions": list(operations), "params": "url",
                            "not_inputs": ["token_info", "user"], "desc": "OpenAPI request parameter"}]}
