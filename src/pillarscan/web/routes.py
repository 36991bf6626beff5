"""The route inventory: every route of the application with its methods, path, handler, the guards that apply
to it (and from which line), its auth and CSRF status, rate limiting, the request inputs it reads and the ORM
models it touches. Rules about access control read this model and never re-derive it.

Two steps, like the taint engine. ``file_routes(ctx)`` (per file, picklable, cached with the file's outcome)
finds the module's handlers through the entry-point models (python/entrypoints.py) and records what it can see:
decorators, dependencies, class attributes and bases, in-body checks, registrations (a Django ``urls.py``
``path()``, ``add_url_rule``, a DRF router), its own guard functions and app-wide guards (Flask
``before_request``, Django middleware and ``DEFAULT_PERMISSION_CLASSES``, FastAPI app/router dependencies).
``build_inventory`` joins the files: registrations give views their paths, guards imported from another module
and base classes defined elsewhere are resolved, app-wide guards are applied, and each route gets its status.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace

from ..python import entrypoints
from . import guards as G
from .route_body import body_facts, commented_guard

WEB_FRAMEWORKS = frozenset({"flask", "fastapi", "django", "aiohttp", "bottle", "tornado", "falcon", "pyramid",
                            "sanic", "quart", "starlette"})
_HTTP = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_DRF_ACTIONS = {"list": "GET", "retrieve": "GET", "create": "POST", "update": "PUT", "partial_update": "PATCH",
                "destroy": "DELETE"}
_ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete", "api_route", "websocket", "head", "options",
                     "view"}
_STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Guard:
    """One thing that turns callers away from a route: what, how, how strongly, and where it is written."""

    name: str
    kind: str  # decorator, dependency, permission_class, mixin, hook, middleware, settings, in-body, router
    level: str  # authenticated, authorised, public (a declared opening: AllowAny, @login_not_required)
    path: str
    line: int


@dataclass
class Route:
    framework: str
    handler: str  # qualified name
    path: str  # file
    line: int  # the handler's def line
    methods: tuple[str, ...] = ()
    rule: str | None = None  # the URL pattern, converters included
    anchor: int = 0  # the line a finding points at: the route decorator, or the def
    group: str = ""  # the router, blueprint or view class it belongs to
    view_class: str = ""
    guards: list[Guard] = field(default_factory=list)
    pending: list[tuple[str, str, int]] = field(default_factory=list)  # (qualname, kind, line): resolved later
    unknown: list[str] = field(default_factory=list)  # decorators that may be guards nobody can read
    gated: bool = False  # a view only if some module registers it
    fallback: bool = False
    csrf: str = "unknown"  # exempt, protected, not-needed, unprotected, unknown
    rate_limited: str = ""  # what limits it, or ""
    inputs: tuple[str, ...] = ()
    models_read: tuple[str, ...] = ()
    models_written: tuple[str, ...] = ()
    commented_guard: tuple[int, str] | None = None  # a guard written in a comment right above or inside
    auth: str = "unknown"  # set by build_inventory: authenticated, authorised, public, unknown
    public_by_design: bool = False
    test_code: bool = False  # in the project's tests (judged below the scan root): listed, never judged

    @property
    def label(self) -> str:
        methods = "|".join(self.methods) if self.methods else "ANY"
        return f"{methods} {self.rule}" if self.rule else f"{methods} {self.handler}"


@dataclass
class FileRoutes:
    """What one module says about routes (the per-file facts)."""

    path: str
    module: str
    routes: list[Route] = field(default_factory=list)
    # target, rule, framework, wrappers (qualified name, line) as in path("x/", login_required(views.x))
    registrations: list[tuple[str, str, str, tuple[tuple[str, int], ...]]] = field(default_factory=list)
    own_guards: dict[str, str] = field(default_factory=dict)
    class_bases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    class_guards: dict[str, list[Guard]] = field(default_factory=dict)
    app_guards: list[tuple[str, Guard]] = field(default_factory=list)  # (framework, guard) for every route
    includes: list[tuple[str, str]] = field(default_factory=list)  # Django include(): (URL prefix, module)
    middleware_seen: bool = False  # the module sets Django's MIDDLEWARE: CSRF status is known
    csrf_everywhere: bool = False  # CSRFProtect(app), CsrfViewMiddleware in MIDDLEWARE
    limiter: bool = False  # a rate limiter set up app-wide (Flask-Limiter default_limits, middleware)
    lookups: list = field(default_factory=list)  # IDOR candidates of the module's views (rules/access_idor.py)


@dataclass
class Inventory:
    routes: list[Route] = field(default_factory=list)

    @property
    def guarded(self) -> list[Route]:
        return [r for r in self.routes if r.auth in (G.AUTHENTICATED, G.AUTHORISED)]

    @property
    def public(self) -> list[Route]:
        return [r for r in self.routes if r.public_by_design and r not in self.guarded]


# --- per file --------------------------------------------------------------------------------------------------
def _frameworks(ctx, models) -> frozenset[str]:
    wanted = set(WEB_FRAMEWORKS) | {"rest_framework", "flask_restful", "flask_restx"}
    for spec in models.entrypoints:
        wanted.update(spec.imports)
    return frozenset(fw for fw in wanted if ctx.names.imports_module(fw))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def file_routes(ctx) -> FileRoutes | None:
    """The module's routes and route facts, or None when it has nothing to do with web routes."""
    from ..python.models import load_models

    models = load_models()
    fw = _frameworks(ctx, models)
    settings_like = ctx.source_mentions("MIDDLEWARE") or ctx.source_mentions("REST_FRAMEWORK")
    if not fw and not settings_like:
        return None
    out = FileRoutes(ctx.path, ctx.names.module)
    out.own_guards = G.own_guards(ctx)
    _settings_guards(ctx, out)
    if not fw:
        return out if out.app_guards or out.middleware_seen else None
    specs = sorted((s for s in models.entrypoints if s.applies(fw) and s.framework in WEB_FRAMEWORKS),
                   key=lambda s: s.rank)
    regs = entrypoints.registrations(ctx, models, fw) if specs else []
    for r in regs:
        out.registrations.append((r.target, r.rule or "", r.framework, r.wrappers))
    _drf_router(ctx, out)
    _includes(ctx, out)
    local = entrypoints.local_registrations(regs)
    module = ctx.names.module
    class_nodes: dict[str, ast.ClassDef] = {}
    for stmt in ctx.tree.body:
        if isinstance(stmt, ast.ClassDef):
            q = f"{module}.{stmt.name}"
            class_nodes[q] = stmt
            out.class_bases[q] = tuple(b for b in (ctx.qualname(x) or _dotted(x) for x in stmt.bases) if b)
            out.class_guards[q] = _class_guards(ctx, stmt)
    groups = _group_settings(ctx)
    for info in groups.values():  # FastAPI(dependencies=[...]): every route of the app, its routers' too
        if info["kind"] == "FastAPI":
            out.app_guards.extend(("fastapi", g) for g in info["guards"])
    hooks = _hooks(ctx, out, groups)
    out.csrf_everywhere = out.csrf_everywhere or ctx.source_mentions("CSRFProtect") or \
        ctx.source_mentions("CsrfProtect")
    out.limiter = out.limiter or ctx.source_mentions("default_limits") or ctx.source_mentions("SlowAPIMiddleware")
    if specs:
        for stmt in ctx.tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                _consider(ctx, specs, stmt, f"{module}.{stmt.name}", None, out, local, groups, hooks)
            elif isinstance(stmt, ast.ClassDef):
                cls = f"{module}.{stmt.name}"
                for item in stmt.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        _consider(ctx, specs, item, f"{cls}.{item.name}", cls, out, local, groups, hooks)
    return out


def _consider(ctx, specs, node, func_id: str, cls: str | None, out: FileRoutes, local, groups, hooks) -> None:
    ep = entrypoints.classify(ctx, specs, node, func_id, cls, out.class_bases, local)
    if ep is None or ep.spec.framework not in WEB_FRAMEWORKS:
        return
    if ep.gated and cls is None and not ep.fallback and ep.spec.framework not in ("django", "bottle"):
        if func_id not in {t for t, *_ in out.registrations}:
            return  # a module-level function that something elsewhere might register: too weak to list
    route = Route(ep.spec.framework, func_id, ctx.path, node.lineno, anchor=node.lineno, gated=ep.gated,
                  fallback=ep.fallback, view_class=cls or "", test_code=ctx.is_test_code)
    _decorators(ctx, node, route, groups)
    if cls is not None and not route.methods:
        verb = node.name.upper() if node.name.upper() in _HTTP else _DRF_ACTIONS.get(node.name)
        route.methods = (verb,) if verb else ()
        route.group = route.group or cls
    if not route.group:
        route.group = f"{ctx.names.module}"
    _parameters(ctx, node, route)
    found = G.body_guard(ctx, node)
    if found:
        route.guards.append(Guard("check in the handler's body", "in-body", found[0], ctx.path, found[1]))
    for stmt in node.body[:6]:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and G.check_level(ctx, stmt) is None:
            q = ctx.qualname(stmt.value.func)
            if q:
                route.pending.append((q, "in-body", stmt.lineno))
    receiver = route.group.rsplit(".", 1)[-1]
    for guard in hooks.get(receiver, ()):
        route.guards.append(guard)
    route.commented_guard = commented_guard(ctx, node)
    body_facts(ctx, node, route)
    out.routes.append(route)


def _decorators(ctx, node, route: Route, groups) -> None:
    t = G.tables()
    for dec in node.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = _dotted(target)
        last = name.rsplit(".", 1)[-1]
        q = ctx.qualname(target) or name
        if last in _ROUTE_DECORATORS and isinstance(target, ast.Attribute) and not route.rule:
            route.anchor = dec.lineno
            receiver = _dotted(target.value)
            route.group = f"{ctx.names.module}.{receiver}"
            if isinstance(dec, ast.Call):
                rule_node = dec.args[0] if dec.args else ctx.kwarg(dec, "path") or ctx.kwarg(dec, "rule")
                rule = ctx.literal(rule_node, None) if rule_node is not None else None
                if isinstance(rule, str):
                    prefix = groups.get(receiver, {}).get("prefix", "")
                    route.rule = (prefix.rstrip("/") + rule) if prefix and not rule.startswith(prefix) else rule
                methods = ctx.literal(ctx.kwarg(dec, "methods"), None)
                if isinstance(methods, (list, tuple, set)):
                    route.methods = tuple(str(m).upper() for m in methods)
                elif last.upper() in _HTTP:
                    route.methods = (last.upper(),)
                elif route.framework in ("flask", "quart", "bottle"):
                    route.methods = ("GET",)
                deps = ctx.kwarg(dec, "dependencies")
                if deps is not None:
                    _dependencies(ctx, deps, route, "dependency")
            for guard in groups.get(receiver, {}).get("guards", ()):
                route.guards.append(guard)
            for guard in groups.get(receiver, {}).get("pending", ()):  # the project's own dependency
                route.pending.append((guard.level[1:], "router", guard.line))
            continue
        level = G.known_name(q, t.decorators) or G.known_name(name, t.decorators)
        if G.known_name(q, {k: "x" for k in t.rate_decorators}) or last in ("limit", "ratelimit"):
            route.rate_limited = route.rate_limited or f"@{name} (line {dec.lineno})"
            continue
        if last == "csrf_exempt" or (last == "exempt" and "csrf" in name.lower()):  # Flask-WTF's csrf.exempt
            route.csrf = "exempt"
        if last == "permission_classes" and isinstance(dec, ast.Call):
            _permission_list(ctx, dec.args[0] if dec.args else None, route.guards, dec.lineno, "permission_class")
            continue
        if level in (G.AUTHENTICATED, G.AUTHORISED, G.PUBLIC):
            route.guards.append(Guard(f"@{name}", "decorator", level, ctx.path, dec.lineno))
        elif level == "neutral" or last in ("api_view", "action"):
            if last == "action" and isinstance(dec, ast.Call):
                methods = ctx.literal(ctx.kwarg(dec, "methods"), None)
                route.methods = tuple(str(m).upper() for m in methods) if isinstance(methods, (list, tuple)) \
                    else ("GET",)
                pc = ctx.kwarg(dec, "permission_classes")
                if pc is not None:
                    _permission_list(ctx, pc, route.guards, dec.lineno, "permission_class")
            if last == "api_view" and isinstance(dec, ast.Call) and dec.args:
                methods = ctx.literal(dec.args[0], None)
                if isinstance(methods, (list, tuple)):
                    route.methods = tuple(str(m).upper() for m in methods)
            if last == "require_http_methods" and isinstance(dec, ast.Call) and dec.args:
                methods = ctx.literal(dec.args[0], None)
                if isinstance(methods, (list, tuple)):
                    route.methods = tuple(str(m).upper() for m in methods)
            elif last in ("require_POST", "require_GET", "require_safe"):
                route.methods = {"require_POST": ("POST",), "require_GET": ("GET",)}.get(last, ("GET", "HEAD"))
        else:
            route.pending.append((q, "decorator", dec.lineno))


def _permission_list(ctx, node, into: list[Guard], line: int, kind: str) -> None:
    t = G.tables()
    elts = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node] if node is not None else []
    if isinstance(node, (ast.List, ast.Tuple)) and not elts:
        into.append(Guard("permission_classes = []", kind, G.PUBLIC, ctx.path, line))
    for e in elts:
        name = ctx.qualname(e) or _dotted(e)
        if not name:
            continue
        level = G.known_name(name, t.permission_classes)
        into.append(Guard(name.rsplit(".", 1)[-1], kind, level or f"?{name}", ctx.path, line))


def _dependencies(ctx, node, route_or_list, kind: str) -> list[Guard]:
    """``[Depends(get_current_user)]`` or one ``Depends(x)``: guards known by name now, the rest later."""
    found: list[Guard] = []
    elts = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    for e in elts:
        if not (isinstance(e, ast.Call) and _dotted(e.func).rsplit(".", 1)[-1] in ("Depends", "Security")):
            continue
        dep = e.args[0] if e.args else ctx.kwarg(e, "dependency")
        if dep is None:
            continue
        inner = dep.func if isinstance(dep, ast.Call) else dep
        name = ctx.qualname(inner) or _dotted(inner)
        if not name:
            continue
        level = G.dependency_level(name)
        guard = Guard(f"Depends({_dotted(inner)})", kind, level or f"?{name}", ctx.path, e.lineno)
        found.append(guard)
    if isinstance(route_or_list, Route):
        for g in found:
            if g.level.startswith("?"):
                route_or_list.pending.append((g.level[1:], kind, g.line))
            else:
                route_or_list.guards.append(g)
    return found


def _parameters(ctx, node, route: Route) -> None:
    """FastAPI: ``user = Depends(get_current_user)`` or ``Annotated[User, Depends(...)]`` parameters."""
    args = node.args
    aliases = G.annotation_aliases(ctx)
    for arg in args.posonlyargs + args.args + args.kwonlyargs:
        ann = arg.annotation
        if isinstance(ann, ast.Name) and ann.id in aliases:
            ann = aliases[ann.id]  # CurrentUser = Annotated[User, Depends(get_current_user)]
        if ann is not None:
            for sub in ast.walk(ann):
                if isinstance(sub, ast.Call):
                    _dependencies(ctx, sub, route, "dependency")
    for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
        if isinstance(default, ast.Call):
            _dependencies(ctx, default, route, "dependency")


def _class_guards(ctx, cls: ast.ClassDef) -> list[Guard]:
    t = G.tables()
    out: list[Guard] = []
    for base in cls.bases:
        name = ctx.qualname(base) or _dotted(base)
        level = G.known_name(name, t.mixins) if name else None
        if level:
            out.append(Guard(name.rsplit(".", 1)[-1], "mixin", level, ctx.path, cls.lineno))
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            attr = stmt.targets[0].id
            if attr == "permission_classes":
                _permission_list(ctx, stmt.value, out, stmt.lineno, "permission_class")
            elif attr in t.rate_attrs:
                out.append(Guard(attr, "rate_limit", "rate", ctx.path, stmt.lineno))
            elif attr in ("decorators", "method_decorators") and isinstance(stmt.value, (ast.List, ast.Tuple)):
                for e in stmt.value.elts:  # Flask MethodView / Flask-RESTful: decorators = [login_required]
                    target = e.func if isinstance(e, ast.Call) else e
                    name = ctx.qualname(target) or _dotted(target)
                    level = G.known_name(name, t.decorators) if name else None
                    if level in (G.AUTHENTICATED, G.AUTHORISED):
                        out.append(Guard(f"@{_dotted(target)}", "decorator", level, ctx.path, stmt.lineno))
                    elif name and level is None:
                        out.append(Guard(f"@{_dotted(target)}", "decorator", f"?{name}", ctx.path, stmt.lineno))
            elif attr == "authentication_classes" and isinstance(stmt.value, (ast.List, ast.Tuple)) and \
                    not stmt.value.elts:
                out.append(Guard("authentication_classes = []", "authentication_class", G.PUBLIC, ctx.path,
                                 stmt.lineno))
        elif isinstance(stmt, ast.FunctionDef) and stmt.name == "dispatch":
            for dec in stmt.decorator_list:  # @method_decorator(login_required)
                if isinstance(dec, ast.Call) and _dotted(dec.func).endswith("method_decorator") and dec.args:
                    level = G.known_name(_dotted(dec.args[0]), t.decorators)
                    if level in (G.AUTHENTICATED, G.AUTHORISED):
                        out.append(Guard(f"@method_decorator({_dotted(dec.args[0])})", "decorator", level,
                                         ctx.path, dec.lineno))
            found = G.body_guard(ctx, stmt)
            if found:
                out.append(Guard("check in dispatch()", "in-body", found[0], ctx.path, found[1]))
    for dec in cls.decorator_list:  # @method_decorator(login_required, name="dispatch")
        if isinstance(dec, ast.Call) and _dotted(dec.func).endswith("method_decorator") and dec.args:
            level = G.known_name(_dotted(dec.args[0]), t.decorators)
            if level in (G.AUTHENTICATED, G.AUTHORISED):
                out.append(Guard(f"@method_decorator({_dotted(dec.args[0])})", "decorator", level, ctx.path,
                                 dec.lineno))
    return out


def _group_settings(ctx) -> dict[str, dict]:
    """Blueprint / APIRouter objects of the module: their URL prefix and router-wide dependencies."""
    out: dict[str, dict] = {}
    for stmt in ctx.tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call)):
            continue
        kind = _dotted(stmt.value.func).rsplit(".", 1)[-1]
        if kind not in ("Blueprint", "APIRouter", "FastAPI", "Flask", "Quart", "Bottle", "Sanic", "APIBlueprint"):
            continue
        info: dict = {"kind": kind, "guards": []}
        prefix = ctx.literal(ctx.kwarg(stmt.value, "url_prefix") or ctx.kwarg(stmt.value, "prefix"), None)
        if isinstance(prefix, str):
            info["prefix"] = prefix
        deps = ctx.kwarg(stmt.value, "dependencies")
        if deps is not None:
            info["guards"] = [replace(g, kind="router") for g in _dependencies(ctx, deps, [], "router")
                              if not g.level.startswith("?")]
            info["pending"] = [g for g in _dependencies(ctx, deps, [], "router") if g.level.startswith("?")]
        out[stmt.targets[0].id] = info
    return out


def _hooks(ctx, out: FileRoutes, groups: dict[str, dict]) -> dict[str, list[Guard]]:
    """``@bp.before_request`` / ``app.before_request(f)`` functions that turn callers away: guards for every
    route of that blueprint (an app's: every route of the app, also in other modules)."""
    found: dict[str, list[Guard]] = {}
    module = ctx.names.module
    functions = {s.name: s for s in ctx.nodes_of_type(ast.FunctionDef) + ctx.nodes_of_type(ast.AsyncFunctionDef)}

    def hook_level(func: ast.FunctionDef) -> str | None:
        """How strongly the hook turns callers away: as the project's own guard, else by its early checks."""
        return G.own_guards(ctx).get(f"{module}.{func.name}") or (G.body_guard(ctx, func, 12) or (None,))[0]

    def add(receiver: str, func: ast.FunctionDef, line: int) -> None:
        level = hook_level(func)
        if not level:
            return
        guard = Guard(f"{receiver}.before_request {func.name}", "hook", level, ctx.path, line)
        found.setdefault(receiver, []).append(guard)
        kind = groups.get(receiver, {}).get("kind")
        if kind in ("Flask", "Quart") or (kind is None and (receiver in ("app", "application") or
                                                            receiver.endswith("app"))):
            out.app_guards.append(("flask", guard))  # the app's hook: its blueprints' routes too

    def add_bottle(receiver: str, func: ast.FunctionDef, line: int) -> None:
        """Bottle's ``@app.hook("before_request")`` / ``app.add_hook("before_request", f)``: every route."""
        level = hook_level(func)
        if level:
            out.app_guards.append(("bottle", Guard(f"{receiver}.hook before_request {func.name}", "hook", level,
                                                   ctx.path, line)))

    for func in functions.values():
        for dec in func.decorator_list:
            name = _dotted(dec)
            if name.endswith((".before_request", ".before_app_request")):
                add(name.rsplit(".", 1)[0], func, dec.lineno)
            elif name.endswith(".hook") and isinstance(dec, ast.Call) and dec.args and \
                    ctx.literal(dec.args[0], None) == "before_request":
                add_bottle(name.rsplit(".", 1)[0], func, dec.lineno)
    for call in ctx.nodes_of_type(ast.Call):
        name = _dotted(call.func)
        if name.endswith(".add_hook") and len(call.args) == 2 and ctx.literal(call.args[0], None) == "before_request" \
                and isinstance(call.args[1], ast.Name) and call.args[1].id in functions:
            add_bottle(name.rsplit(".", 1)[0], functions[call.args[1].id], call.lineno)
        elif name.endswith((".before_request", ".before_app_request")) and call.args and \
                isinstance(call.args[0], ast.Name) and call.args[0].id in functions:
            add(name.rsplit(".", 1)[0], functions[call.args[0].id], call.lineno)
        elif name.endswith((".before_request", ".before_app_request")) and call.args and \
                isinstance(call.args[0], (ast.Name, ast.Attribute)):  # a hook imported from another module
            q = ctx.qualname(call.args[0])
            receiver = name.rsplit(".", 1)[0]
            if q:
                guard = Guard(f"{receiver}.before_request {q.rsplit('.', 1)[-1]}", "hook", f"?{q}", ctx.path,
                              call.lineno)
                kind = groups.get(receiver, {}).get("kind")
                if kind in ("Flask", "Quart") or (kind is None and (receiver in ("app", "application") or
                                                                    receiver.endswith("app"))):
                    out.app_guards.append(("flask", guard))  # resolved by build_inventory
                else:
                    found.setdefault(receiver, []).append(guard)  # a pending guard of that blueprint's routes
        elif name.endswith(("include_router", "add_middleware")) and ctx.kwarg(call, "dependencies") is not None:
            router = ctx.qualname(call.args[0]) if name.endswith("include_router") and call.args and \
                isinstance(call.args[0], (ast.Name, ast.Attribute)) else None
            for g in _dependencies(ctx, ctx.kwarg(call, "dependencies"), [], "router"):
                if not g.level.startswith("?"):  # include_router(r, dependencies=...): r's routes only
                    out.app_guards.append((f"fastapi:{router}" if router else "fastapi", g))
    return found


def _settings_guards(ctx, out: FileRoutes) -> None:
    """Django settings: MIDDLEWARE (a login-required middleware, CsrfViewMiddleware) and REST_FRAMEWORK's
    DEFAULT_PERMISSION_CLASSES."""
    t = G.tables()
    for stmt in ctx.tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        name = stmt.targets[0].id
        value = ctx.literal(stmt.value, None)
        if name in ("MIDDLEWARE", "MIDDLEWARE_CLASSES") and isinstance(value, (list, tuple)):
            for item in value:
                if not isinstance(item, str):
                    continue
                level = G.known_name(item, t.middleware)
                if level:
                    out.app_guards.append(("django", Guard(item.rsplit(".", 1)[-1], "middleware", level, ctx.path,
                                                           stmt.lineno)))
                out.middleware_seen = True
                if item.endswith("CsrfViewMiddleware"):
                    out.csrf_everywhere = True
        elif name == "REST_FRAMEWORK" and isinstance(stmt.value, ast.Dict):
            for k, v in zip(stmt.value.keys, stmt.value.values):
                if ctx.literal(k, None) == "DEFAULT_PERMISSION_CLASSES":
                    items = ctx.literal(v, None)
                    if isinstance(items, (list, tuple)):
                        for item in items:
                            if isinstance(item, str):
                                level = G.known_name(item, t.permission_classes)
                                if level:
                                    out.app_guards.append(("drf", Guard(item.rsplit(".", 1)[-1], "settings", level,
                                                                        ctx.path, v.lineno)))


def _includes(ctx, out: FileRoutes) -> None:
    """``path("blog/", include("blog.urls"))``: the prefix every route of blog.urls is served under."""
    if not ctx.names.imports_module("django"):
        return
    for call in ctx.nodes_of_type(ast.Call):
        if _dotted(call.func).rsplit(".", 1)[-1] not in ("path", "re_path", "url") or len(call.args) < 2:
            continue
        inner = call.args[1]
        if isinstance(inner, ast.Call) and _dotted(inner.func).rsplit(".", 1)[-1] == "include" and inner.args:
            prefix = ctx.literal(call.args[0], None)
            target = inner.args[0]
            if isinstance(target, ast.Tuple) and target.elts:
                target = target.elts[0]
            module = ctx.literal(target, None)
            if not isinstance(module, str):
                module = ctx.qualname(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
            if isinstance(prefix, str) and isinstance(module, str):
                out.includes.append((prefix, module))


def _join_rules(prefix: str, rule: str) -> str:
    if not prefix:
        return rule
    if prefix.startswith("^") or rule.startswith("^"):
        return prefix.rstrip("$") + rule.lstrip("^")
    return prefix.rstrip("/") + "/" + rule.lstrip("/") if prefix else rule


def _prefix_of(module: str, includes: list[tuple[str, str, str]], depth: int = 0) -> str:
    """The URL prefix under which ``module``'s URLconf is included (through includes of includes)."""
    if depth > 5:
        return ""
    for prefix, target, owner in includes:
        if module == target or module.endswith("." + target):
            return _join_rules(_prefix_of(owner, includes, depth + 1), prefix)
    return ""


def _drf_router(ctx, out: FileRoutes) -> None:
    if not ctx.names.imports_module("rest_framework"):
        return
    for call in ctx.nodes_of_type(ast.Call):
        if isinstance(call.func, ast.Attribute) and call.func.attr == "register" and len(call.args) >= 2:
            prefix = ctx.literal(call.args[0], None)
            target = ctx.qualname(call.args[1])
            if isinstance(prefix, str) and target:
                out.registrations.append((target, "/" + prefix.strip("^$/") + "/", "django", ()))


# --- across files ----------------------------------------------------------------------------------------------
def build_inventory(files: list[FileRoutes]) -> Inventory:
    """Join the files' facts into the application's routes (see the module docstring)."""
    own: dict[str, str] = {}
    bases: dict[str, tuple[str, ...]] = {}
    class_guards: dict[str, list[Guard]] = {}
    regs: dict[str, list[tuple[str, str, str]]] = {}
    wrapped: dict[str, list[Guard]] = {}
    app_guards: dict[str, list[Guard]] = {}
    csrf = limiter = middleware_seen = False
    includes: list[tuple[str, str, str]] = []
    for f in files:
        own.update(f.own_guards)
        bases.update(f.class_bases)
        class_guards.update(f.class_guards)
        for target, rule, fw, wrappers in f.registrations:
            regs.setdefault(target, []).append((rule, fw, f.module))
            for q, line in wrappers:  # pending: the wrapper may be the project's own guard, known below
                wrapped.setdefault(target, []).append(Guard(q, "decorator", "?", f.path, line))
        includes.extend((prefix, target, f.module) for prefix, target in f.includes)
        middleware_seen = middleware_seen or f.middleware_seen
        for fw, guard in f.app_guards:
            app_guards.setdefault(fw, []).append(guard)
        csrf = csrf or f.csrf_everywhere
        limiter = limiter or f.limiter
    for key, guards in app_guards.items():  # a hook imported from another module: its level is known now
        app_guards[key] = [replace(g, level=own[g.level[1:]]) if g.level.startswith("?") and g.level[1:] in own
                           else g for g in guards if not g.level.startswith("?") or g.level[1:] in own]
    registered_frameworks = {fw for items in regs.values() for _, fw, _ in items}
    t = G.tables()
    out: list[Route] = []
    by_tail: dict[str, str] = {}
    for q, level in own.items():  # a module imported by a shorter name than the scan root gives it
        parts = q.split(".")
        for i in range(1, len(parts) - 1):
            by_tail.setdefault(".".join(parts[i:]), level)
    for f in files:
        for route in f.routes:
            r = replace(route, guards=list(route.guards), pending=list(route.pending), unknown=list(route.unknown))
            found = regs.get(r.handler) or (regs.get(r.view_class) if r.view_class else None)
            if r.gated and not found and not (r.fallback and r.framework not in registered_frameworks):
                continue
            if not r.rule and found:
                r.rule = found[0][0] or None
                if r.framework == "django" and includes:
                    prefix = _prefix_of(found[0][2], includes)
                    if prefix:
                        r.rule = _join_rules(prefix, r.rule or "")
                name = r.handler.rsplit(".", 1)[-1]
                if r.rule and name in ("retrieve", "update", "partial_update", "destroy") and \
                        found[0][0].startswith("/"):  # a DRF router's detail route
                    r.rule = r.rule.rstrip("/") + "/{pk}/"
                if r.rule and r.framework == "django" and not r.rule.startswith(("/", "^")):
                    r.rule = "/" + r.rule
            if r.view_class:
                _inherit(r, r.view_class, bases, class_guards, own, t)
            for g in [g for g in r.guards if g.level.startswith("?")]:  # a permission class named elsewhere
                r.guards.remove(g)
                r.pending.append((g.level[1:], g.kind, g.line))
            for g in wrapped.get(r.handler, []) + (wrapped.get(r.view_class, []) if r.view_class else []):
                level = G.known_name(g.name, t.decorators)
                level = level if level in (G.AUTHENTICATED, G.AUTHORISED) else own.get(g.name) or by_tail.get(g.name)
                if g.name.rsplit(".", 1)[-1] == "csrf_exempt":
                    r.csrf = "exempt"  # path("hook/", csrf_exempt(views.hook))
                if level:  # path("x/", login_required(views.x)): the URLconf guards the view
                    r.guards.append(replace(g, name=f"{g.name.rsplit('.', 1)[-1]}(...) in the URLconf", level=level))
            for q, kind, line in r.pending:
                level = own.get(q) or by_tail.get(q) or \
                    (G.dependency_level(q) if kind in ("dependency", "router") else None)
                if level is None and q.rsplit(".", 1)[0] in own and kind == "dependency":
                    level = own.get(q)
                if level is None and kind == "permission_class":
                    level = G.AUTHENTICATED if re.search(r"auth|login", q.rsplit(".", 1)[-1], re.I) else None
                    if level is None:
                        r.unknown.append(q)
                if level:
                    r.guards.append(Guard(q.rsplit(".", 1)[-1], kind, level, r.path, line))
                elif kind == "decorator" and _maybe_guard(q):
                    r.unknown.append(q)
            r.pending = []
            keys = ("flask", "fastapi", f"fastapi:{r.group}") if r.framework in ("flask", "quart", "fastapi") \
                else ("bottle",) if r.framework == "bottle" else ("django",)
            for key in keys:
                for guard in app_guards.get(key, ()):
                    if guard not in r.guards:
                        r.guards.append(guard)
            if r.framework == "django" and r.view_class and _is_drf(r.view_class, bases) and \
                    not any(g.kind == "permission_class" for g in r.guards):
                r.guards.extend(app_guards.get("drf", ()))
            if r.csrf == "unknown":
                if not set(r.methods) & _STATE_CHANGING and r.methods:
                    r.csrf = "not-needed"
                elif r.framework == "django":
                    r.csrf = "exempt" if r.csrf == "exempt" else "protected" if csrf else \
                        "unprotected" if middleware_seen else "unknown"
                elif r.framework in ("flask", "quart"):
                    r.csrf = "protected" if csrf else "unprotected"
                elif r.framework == "fastapi":
                    r.csrf = "not-needed"
            if not r.rate_limited and limiter:
                r.rate_limited = "app-wide limiter"
            r.public_by_design = _public_by_design(r, t)
            if r.public_by_design:  # a login's own credential check is what it serves, not a guard before it
                r.guards = [g for g in r.guards if g.kind != "in-body"]
            r.auth = _status(r)
            out.append(r)
    out.sort(key=lambda r: (r.path, r.line))
    return Inventory(out)


def _maybe_guard(q: str) -> bool:
    return bool(re.search(r"auth|login|logged|perm|role|admin|token|jwt|require|protect|session|user|staff|access",
                          q.rsplit(".", 1)[-1], re.IGNORECASE))


def _is_drf(cls: str, bases: dict[str, tuple[str, ...]]) -> bool:
    seen: set[str] = set()
    stack = [cls]
    while stack:
        c = stack.pop()
        if c in seen:
            continue
        seen.add(c)
        for b in bases.get(c, ()):
            if b.startswith("rest_framework"):
                return True
            stack.append(b)
    return False


def _inherit(r: Route, cls: str, bases, class_guards, own, t) -> None:
    """Guards of the view class and of its bases, nearest first (a class's permission_classes overrides its
    bases'); a base class whose name is a known mixin counts though its module is not part of the tree."""
    seen: set[str] = set()
    order = [cls]
    have_permissions = False
    while order:
        c = order.pop(0)
        if c in seen:
            continue
        seen.add(c)
        guards = class_guards.get(c, [])
        perms = [g for g in guards if g.kind == "permission_class"]
        if perms and have_permissions:
            guards = [g for g in guards if g.kind != "permission_class"]
        have_permissions = have_permissions or bool(perms)
        for g in guards:
            if g.kind == "rate_limit":
                r.rate_limited = r.rate_limited or f"{g.name} (line {g.line})"
            elif g.level.startswith("?"):
                q = g.level[1:]
                level = own.get(q) or (G.AUTHENTICATED if re.search(r"auth|login", q.rsplit(".", 1)[-1], re.I)
                                        else None)
                if level:
                    r.guards.append(replace(g, level=level))
                else:
                    r.unknown.append(q)
            elif g not in r.guards:
                r.guards.append(g)
        for b in bases.get(c, ()):
            if b not in class_guards:
                level = G.known_name(b, t.mixins)
                if level and not any(g.name == b.rsplit(".", 1)[-1] for g in r.guards):
                    r.guards.append(Guard(b.rsplit(".", 1)[-1], "mixin", level, r.path, r.line))
            order.append(b)


def _status(r: Route) -> str:
    levels = [g.level for g in r.guards]
    if G.AUTHORISED in levels:
        return G.AUTHORISED
    if G.AUTHENTICATED in levels:
        return G.AUTHENTICATED
    if r.unknown:
        return "unknown"
    return G.PUBLIC


def _public_by_design(r: Route, t) -> bool:
    if any(g.level == G.PUBLIC for g in r.guards):
        return True
    name = r.handler.rsplit(".", 1)[-1].lower()
    if r.rule in ("/", "", "^$", "^/$") and r.rule is not None:
        return True
    segments = [w for w in (r.rule or "").lower().replace("-", "_").strip("^$/").split("/") if w]
    ends = segments[:1] + [segments[-1]] if segments and not re.search(r"[<{(]", segments[-1]) else segments[:1]
    if any(t.public_words.match(w.strip("^$?")) for w in ends):
        return True
    if len(segments) <= 1 and (t.whole_path_words.match(segments[0].strip("^$?") if segments else "") or
                               t.whole_path_words.match(name)):
        return True
    if t.public_words.match(name) and not (r.rule and len(segments) > 1):
        return True
    return any(t.public_words.match(p) for p in name.split("_")[:1]) and len(name.split("_")) <= 2 and \
        not (r.rule and len(segments) > 1)
