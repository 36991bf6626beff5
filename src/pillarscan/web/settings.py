"""The application's own configuration, read as data from a module's syntax tree.

Configuration is where a web application switches its protections on or off: Django settings modules
(``DEBUG``, ``ALLOWED_HOSTS``, ``MIDDLEWARE``, the ``SESSION_COOKIE_*`` / ``CSRF_COOKIE_*`` / ``SECURE_*`` flags,
``PASSWORD_HASHERS``), Flask/Quart/FastAPI ``app.config[...]`` writes, ``app.config.update(...)`` and config classes
loaded with ``app.config.from_object(Cls)``, debug servers (``app.run(debug=True)`` in any framework), CORS policies
(flask-cors, Starlette's CORSMiddleware, django-cors-headers) and security headers written as literals.

``settings_of(ctx)`` builds this once per module (memoised on the ModuleContext); the configuration rules read it
and never walk the tree for settings themselves. Nothing here reports anything: judging is the rules' job. The model
is per module: a setting that another module of the tree defines (``from .base import *``) is not seen, so a source
says whether it is ``complete`` and the rules that reason about *absent* settings only judge complete sources.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterator


class _Unknown:
    """The value of a setting that is not a literal (read from the environment, computed)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

# --- what a source is for --------------------------------------------------------------------------------------

PRODUCTION, DEVELOPMENT, DEFAULTS, UNSPECIFIED = "production", "development", "defaults", "unspecified"

_DEV_NAME = re.compile(r"dev|local|test|debug|ci$", re.IGNORECASE)
_PROD_NAME = re.compile(r"prod|live|deploy|release|staging", re.IGNORECASE)
_DEFAULTS_NAME = re.compile(r"^(global_settings|default_settings|defaults?|default_config|settings_defaults?)$",
                            re.IGNORECASE)
_SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Names only a Django settings module assigns at module level.
_DJANGO_MARKERS = frozenset({"INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "ROOT_URLCONF",
                             "WSGI_APPLICATION", "ASGI_APPLICATION", "AUTH_PASSWORD_VALIDATORS", "TEMPLATES"})
WEB_FRAMEWORKS = ("flask", "quart", "django", "bottle", "fastapi", "starlette", "werkzeug", "sanic", "tornado",
                  "falcon", "pyramid", "aiohttp")


def imports_web_framework(ctx) -> bool:
    """The module is part of a web application's server side (it imports a web framework)."""
    return any(ctx.names.imports_module(fw) for fw in WEB_FRAMEWORKS)


def module_role(ctx) -> str:
    """What a module's own settings are for, judged on its path below the scan root: ``settings.py`` and
    ``settings/prod.py`` are production; ``settings/dev.py``, ``local_settings.py`` and test code are development;
    ``global_settings.py`` / ``default_settings.py`` hold a framework's or library's defaults, which the project
    overrides."""
    if ctx.is_test_code:
        return DEVELOPMENT
    path = (ctx.rel_path or ctx.path).replace("\\", "/")
    stem = os.path.splitext(os.path.basename(path))[0]
    parent = os.path.basename(os.path.dirname(path))
    if _DEFAULTS_NAME.match(stem):
        return DEFAULTS
    if stem == "settings":
        return PRODUCTION
    if _DEV_NAME.search(stem):
        return DEVELOPMENT
    if parent == "settings" and stem != "__init__":
        return PRODUCTION
    if _PROD_NAME.search(stem):
        return PRODUCTION
    return UNSPECIFIED


def class_role(name: str) -> str:
    if _DEV_NAME.search(name):
        return DEVELOPMENT
    if _PROD_NAME.search(name):
        return PRODUCTION
    if re.search(r"default|base", name, re.IGNORECASE):
        return DEFAULTS
    return UNSPECIFIED


# --- the model -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting as the source finally leaves it: its literal value (or UNKNOWN) and the node that set it."""

    name: str
    value: Any
    node: ast.AST
    conditional: bool = False  # set under an if/try/for at module level, or inside a function

    @property
    def is_true(self) -> bool:
        return self.value is True

    @property
    def is_false(self) -> bool:
        return self.value is False


@dataclass(frozen=True)
class Middleware:
    """A Django ``MIDDLEWARE`` list: the entries in force, and those commented out between its brackets."""

    setting: str  # MIDDLEWARE or MIDDLEWARE_CLASSES
    node: ast.AST  # the assignment
    active: tuple[tuple[str, int], ...]
    commented: tuple[tuple[str, int], ...]
    complete: bool  # every entry is a literal, including later += / append / insert

    def has(self, suffix: str) -> bool:
        return any(name.rsplit(".", 1)[-1] == suffix for name, _ in self.active)

    def mentions(self, word: str) -> bool:
        return any(word.lower() in name.lower() for name, _ in self.active)

    def commented_line(self, suffix: str) -> int | None:
        for name, line in self.commented:
            if name.rsplit(".", 1)[-1] == suffix:
                return line
        return None


@dataclass
class ConfigSource:
    """One place that declares settings: a module's top level, a config class, or one app's ``config``."""

    kind: str  # "module" | "class" | "app"
    name: str  # the module's path, the class name, or the app expression ("app", "self.app")
    node: ast.AST  # where a finding about the source as a whole points
    role: str
    settings: dict[str, Setting] = field(default_factory=dict)
    complete: bool = True  # no settings come from elsewhere (star import, base class or object of another module)
    framework: str = ""  # "django" for a Django settings module
    middleware: Middleware | None = None
    writes: list[Setting] = field(default_factory=list)  # every write in source order (app sources)

    def set(self, setting: Setting) -> None:
        self.settings[setting.name] = setting
        self.writes.append(setting)

    def get(self, name: str) -> Setting | None:
        return self.settings.get(name)

    def value(self, name: str, default: Any = None) -> Any:
        setting = self.settings.get(name)
        return default if setting is None else setting.value

    @property
    def relaxed(self) -> bool:
        """Development, test or defaults: settings there are meant to be lax, or are overridden."""
        return self.role in (DEVELOPMENT, DEFAULTS)


@dataclass(frozen=True)
class DebugSwitch:
    """A debugger or debug mode switched on by a literal: ``app.run(debug=True)``, ``DebuggedApplication``…"""

    node: ast.AST
    confidence: str | None = None  # a sharper confidence than the rule's own, where the evidence says so


@dataclass(frozen=True)
class CorsPolicy:
    """A cross-origin policy: does it admit any origin, and does it let the browser send credentials?"""

    node: ast.AST
    library: str  # "flask-cors" | "starlette" | "django-cors-headers" | "header"
    any_origin: bool
    credentials: bool | None  # None: not said where the policy is declared
    reflected: bool = False  # the request's own Origin header is echoed back
    every_response: bool = False  # written by an after-request hook or a middleware: it covers every route


@dataclass(frozen=True)
class HeaderWrite:
    """A response header written with a literal name: ``resp.headers["Content-Security-Policy"] = "..."``."""

    name: str  # lower case
    value: str | None  # the literal value, None when not a literal
    node: ast.AST
    value_node: ast.AST | None = None


@dataclass
class ModuleSettings:
    module: ConfigSource
    classes: list[ConfigSource] = field(default_factory=list)
    apps: list[ConfigSource] = field(default_factory=list)
    debug_switches: list[DebugSwitch] = field(default_factory=list)
    cors: list[CorsPolicy] = field(default_factory=list)
    headers: list[HeaderWrite] = field(default_factory=list)
    loaded_classes: set[str] = field(default_factory=set)  # config classes an app loads with from_object

    @property
    def sources(self) -> list[ConfigSource]:
        return [self.module, *self.classes, *self.apps]

    def settings_named(self, name: str) -> Iterator[tuple[ConfigSource, Setting]]:
        """Every source's final value of ``name``, where the source sets it."""
        for source in self.sources:
            setting = source.get(name)
            if setting is not None:
                yield source, setting

    def header_values(self, name: str) -> list[str]:
        return [h.value for h in self.headers if h.name == name and h.value is not None]


def settings_of(ctx) -> ModuleSettings:
    """The module's configuration model, built once per module."""
    return ctx.memo("web.settings", lambda: _build(ctx))


# --- building it -----------------------------------------------------------------------------------------------


def _literal(ctx, node: ast.AST | None) -> Any:
    return ctx.literal(node, UNKNOWN)


def _build(ctx) -> ModuleSettings:
    model = ModuleSettings(module=_module_source(ctx))
    model.classes = _config_classes(ctx)
    model.apps = _app_configs(ctx, model)
    model.debug_switches = list(_debug_switches(ctx, model))
    model.headers = list(_header_writes(ctx))
    model.cors = list(_cors_policies(ctx, model))
    return model


def _top_level(body: list[ast.stmt], conditional: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Module-level statements, entering if/try/with/for blocks (which still run at import), marked conditional."""
    for stmt in body:
        if isinstance(stmt, (ast.If, ast.For, ast.While)):
            yield from _top_level(stmt.body, True)
            yield from _top_level(stmt.orelse, True)
        elif isinstance(stmt, ast.Try) or stmt.__class__.__name__ == "TryStar":
            yield from _top_level(stmt.body, True)
            for handler in stmt.handlers:
                yield from _top_level(handler.body, True)
            yield from _top_level(stmt.orelse, True)
            yield from _top_level(stmt.finalbody, conditional)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            yield from _top_level(stmt.body, conditional)
        else:
            yield stmt, conditional


def _assigned_names(stmt: ast.stmt) -> list[tuple[str, ast.AST | None]]:
    """(NAME, value) for ``NAME = value`` / ``NAME: T = value`` / ``A = B = value``; upper-case names only."""
    if isinstance(stmt, ast.Assign):
        return [(t.id, stmt.value) for t in stmt.targets
                if isinstance(t, ast.Name) and _SETTING_NAME.match(t.id)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        return [(stmt.target.id, stmt.value)] if _SETTING_NAME.match(stmt.target.id) else []
    return []


def _module_source(ctx) -> ConfigSource:
    source = ConfigSource(kind="module", name=ctx.path, node=ctx.tree, role=module_role(ctx))
    middleware_stmt: tuple[str, ast.stmt, ast.AST] | None = None
    extra_entries: list[ast.AST] = []
    extra_complete = True
    for stmt, conditional in _top_level(ctx.tree.body):
        if isinstance(stmt, ast.ImportFrom) and any(alias.name == "*" for alias in stmt.names):
            source.complete = False
            continue
        for name, value in _assigned_names(stmt):
            source.settings[name] = Setting(name, _literal(ctx, value), stmt, conditional)
            if name in ("MIDDLEWARE", "MIDDLEWARE_CLASSES"):
                middleware_stmt, extra_entries, extra_complete = (name, stmt, value), [], True
        # MIDDLEWARE += [...], MIDDLEWARE.append(...) / .insert(i, ...) / .extend([...])
        if middleware_stmt is not None:
            mw_name = middleware_stmt[0]
            if (isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name)
                    and stmt.target.id == mw_name):
                extra_entries.append(stmt.value)
            elif (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
                  and isinstance(stmt.value.func, ast.Attribute)
                  and isinstance(stmt.value.func.value, ast.Name) and stmt.value.func.value.id == mw_name):
                call = stmt.value
                if call.func.attr in ("append", "extend") and call.args:
                    extra_entries.append(call.args[0] if call.func.attr == "extend"
                                         else ast.List(elts=[call.args[0]], ctx=ast.Load()))
                elif call.func.attr == "insert" and len(call.args) == 2:
                    extra_entries.append(ast.List(elts=[call.args[1]], ctx=ast.Load()))
                else:
                    extra_complete = False
    if any(name in source.settings for name in _DJANGO_MARKERS):
        source.framework = "django"
    if middleware_stmt is not None:
        source.middleware = _middleware(ctx, *middleware_stmt, extra_entries, extra_complete)
    return source


_COMMENTED_ENTRY = re.compile(r"""^\s*#\s*['"]([\w.]+)['"]""")


def _middleware(ctx, name: str, stmt: ast.stmt, value: ast.AST, extra: list[ast.AST],
                extra_complete: bool) -> Middleware:
    """The entries of a MIDDLEWARE list; its commented-out lines are read from the source between its brackets
    (a commented security middleware is a decision someone took, and is what a reviewer looks for)."""
    active: list[tuple[str, int]] = []
    complete = extra_complete
    for node in [value, *extra]:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts = [node.left, node.right]
        else:
            parts = [node]
        for part in parts:
            if not isinstance(part, (ast.List, ast.Tuple)):
                complete = False
                continue
            for elt in part.elts:
                entry = ctx.literal(elt, None)
                if isinstance(entry, str):
                    active.append((entry, getattr(elt, "lineno", stmt.lineno)))
                else:
                    complete = False
    commented = []
    for lineno in range(value.lineno, (getattr(value, "end_lineno", None) or value.lineno) + 1):
        match = _COMMENTED_ENTRY.match(ctx.line(lineno))
        if match:
            commented.append((match.group(1), lineno))
    return Middleware(name, stmt, tuple(active), tuple(commented), complete)


def _class_settings(ctx, cls: ast.ClassDef) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for stmt in cls.body:
        for name, value in _assigned_names(stmt):
            out[name] = Setting(name, _literal(ctx, value), stmt)
    return out


_CONFIG_CLASS_NAME = re.compile(r"(config|settings|configuration)$", re.IGNORECASE)


def _config_classes(ctx) -> list[ConfigSource]:
    """Module-level classes that hold upper-case settings and are named or used as config classes, with what they
    inherit from config classes of the same module (a base class from elsewhere makes the source incomplete)."""
    classes = {stmt.name: stmt for stmt in ctx.tree.body if isinstance(stmt, ast.ClassDef)}
    loaded = _from_object_targets(ctx)
    memo: dict[str, ConfigSource] = {}
    out = []
    for name, cls in classes.items():
        if not (_CONFIG_CLASS_NAME.search(name) or name in loaded):
            continue
        if not any(_assigned_names(stmt) for stmt in cls.body) and name not in loaded:
            continue
        out.append(_config_class(ctx, classes, memo, name))
    return out


def _config_class(ctx, classes: dict[str, ast.ClassDef], memo: dict[str, ConfigSource], name: str,
                  seen: tuple[str, ...] = ()) -> ConfigSource:
    """One config class with what it inherits. A module-level function, not a closure that calls itself: such a
    closure is a reference cycle holding the module's tree, which workers (collector paused) would never free."""
    if name in memo:
        return memo[name]
    cls = classes[name]
    source = ConfigSource(kind="class", name=name, node=cls, role=class_role(name))
    settings: dict[str, Setting] = {}
    for base in reversed(cls.bases):  # the first base wins, as in the MRO
        if isinstance(base, ast.Name) and base.id in classes and base.id not in seen:
            parent = _config_class(ctx, classes, memo, base.id, (*seen, name))
            settings.update(parent.settings)
            source.complete = source.complete and parent.complete
        elif not (isinstance(base, ast.Name) and base.id == "object"):
            source.complete = False
    settings.update(_class_settings(ctx, cls))
    source.settings = settings
    memo[name] = source
    return source


def _from_object_targets(ctx) -> set[str]:
    out: set[str] = set()
    if not ctx.source_mentions("from_object"):  # an attribute name is written in the source
        return out
    for call in ctx.nodes_of_type(ast.Call):
        if isinstance(call.func, ast.Attribute) and call.func.attr == "from_object" and call.args:
            arg = call.args[0]
            if isinstance(arg, ast.Name):
                out.add(arg.id)
            elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.add(arg.value.rsplit(".", 1)[-1])
    return out


def _config_receiver(node: ast.AST) -> str | None:
    """``app`` for ``app.config`` (also ``self.app.config``, ``application.config``); None otherwise."""
    if isinstance(node, ast.Attribute) and node.attr == "config":
        try:
            return ast.unparse(node.value)
        except Exception:  # noqa: BLE001 - an exotic receiver is simply not an app
            return None
    return None


def _kwargs_settings(ctx, call: ast.Call) -> Iterator[tuple[str, ast.AST, ast.AST]]:
    """(NAME, value, node) from ``update(NAME=v)``, ``update({"NAME": v})``, ``update(dict(NAME=v))``."""
    for kw in call.keywords:
        if kw.arg and _SETTING_NAME.match(kw.arg):
            yield kw.arg, kw.value, kw
    for arg in call.args:
        if isinstance(arg, ast.Dict):
            for key, value in zip(arg.keys, arg.values):
                name = ctx.literal(key, None) if key is not None else None
                if isinstance(name, str) and _SETTING_NAME.match(name):
                    yield name, value, key
        elif isinstance(arg, ast.Call) and ctx.call_name(arg) == "builtins.dict":
            yield from _kwargs_settings(ctx, arg)


def _app_configs(ctx, model: ModuleSettings) -> list[ConfigSource]:
    """``app.config[...] = v``, ``app.config.update(...)``, ``app.config.from_object(Cls)`` (a class of this
    module merges in; one from elsewhere makes the source incomplete), ``app.debug = v``; per app expression."""
    if not any(ctx.names.imports_module(fw) for fw in ("flask", "quart", "fastapi", "starlette", "sanic")):
        return []
    classes = {source.name: source for source in model.classes}
    apps: dict[str, ConfigSource] = {}
    role = module_role(ctx)

    def source_for(receiver: str, node: ast.AST) -> ConfigSource:
        if receiver not in apps:
            apps[receiver] = ConfigSource(kind="app", name=receiver, node=node, role=role)
        return apps[receiver]

    # in source order (the tree walk is breadth-first): the last write of a setting is the one in force
    nodes = [n for n in ctx.nodes_of_type(ast.Assign) + ctx.nodes_of_type(ast.Call)]
    nodes.sort(key=lambda n: (n.lineno, n.col_offset))
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript):
                    receiver = _config_receiver(target.value)
                    key = ctx.literal(target.slice, None)
                    if receiver is not None and isinstance(key, str):
                        source = source_for(receiver, node)
                        source.set(Setting(key, _literal(ctx, node.value), node,
                                           ctx.enclosing_function(node) is not None))
                elif isinstance(target, ast.Attribute) and target.attr == "debug":
                    try:
                        receiver = ast.unparse(target.value)
                    except Exception:  # noqa: BLE001
                        continue
                    if receiver != "self":
                        source = source_for(receiver, node)
                        source.set(Setting("DEBUG", _literal(ctx, node.value), node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = _config_receiver(node.func.value)
            if receiver is None:
                continue
            source = source_for(receiver, node)
            method = node.func.attr
            if method in ("update", "from_mapping"):
                for name, value, where in _kwargs_settings(ctx, node):
                    source.set(Setting(name, _literal(ctx, value), where))
            elif method == "from_object" and node.args:
                arg = node.args[0]
                name = arg.id if isinstance(arg, ast.Name) else (
                    arg.value.rsplit(".", 1)[-1] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    else None)
                if name in classes:
                    model.loaded_classes.add(name)
                    source.settings.update(classes[name].settings)
                    source.complete = source.complete and classes[name].complete
                else:
                    source.complete = False
            elif method in ("from_pyfile", "from_envvar", "from_file", "from_prefixed_env"):
                source.complete = False
    return list(apps.values())


# --- debug switches --------------------------------------------------------------------------------------------

_RUN_DEBUG_FRAMEWORKS = ("flask", "quart", "bottle", "sanic")
_DEBUG_APP_CLASSES = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette", "tornado.web.Application"})
_DEBUG_CALL_ROOTS = ("werkzeug", "bottle", "fastapi", "starlette", "tornado")


def _debug_switches(ctx, model: ModuleSettings) -> Iterator[DebugSwitch]:
    """Debuggers and debug modes switched on in code: the interactive Werkzeug debugger, a framework's debug
    server (``app.run(debug=True)``, ``bottle.run(debug=True)``, ``bottle.debug(True)``), ``FastAPI(debug=True)``,
    Tornado's ``Application(debug=True)``,
    and ``DEBUG = True`` in an app's configuration or a production settings module."""
    web = any(ctx.names.imports_module(fw) for fw in _RUN_DEBUG_FRAMEWORKS)
    # every call below is named under one of these packages, or is .run() where a web framework is imported
    calls = ctx.nodes_of_type(ast.Call) if web or any(ctx.may_resolve_under(root) for root in _DEBUG_CALL_ROOTS) \
        else ()
    for call in calls:
        name = ctx.call_name(call) or ""
        if name == "werkzeug.debug.DebuggedApplication":
            evalex = ctx.kwarg(call, "evalex")
            if not isinstance(evalex, ast.Constant) or evalex.value is True:
                yield DebugSwitch(call)
        elif name in ("werkzeug.serving.run_simple", "werkzeug.run_simple"):
            if _is_true(ctx.kwarg(call, "use_debugger")):
                yield DebugSwitch(call)
        elif name == "bottle.debug" and (not call.args or _is_true(call.args[0])) and not call.keywords:
            yield DebugSwitch(call)
        elif name in _DEBUG_APP_CLASSES and _is_true(ctx.kwarg(call, "debug")):
            yield DebugSwitch(call, "medium")
        elif (isinstance(call.func, ast.Attribute) and call.func.attr == "run" and web
              and _is_true(ctx.kwarg(call, "debug"))):
            host = ctx.literal(ctx.kwarg(call, "host"), None)
            yield DebugSwitch(call, "high" if host == "0.0.0.0" else "medium")
    for source in model.apps:
        for setting in source.writes:
            if setting.name == "DEBUG" and setting.is_true:
                yield DebugSwitch(setting.node)
    module = model.module
    setting = module.get("DEBUG")
    if setting is not None and setting.is_true and module.role == PRODUCTION and not setting.conditional:
        yield DebugSwitch(setting.node, "medium")
    for source in model.classes:
        setting = source.get("DEBUG")
        if (setting is not None and setting.is_true and source.role == PRODUCTION
                and setting.node in source.node.body):
            yield DebugSwitch(setting.node, "medium")


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


# --- headers and CORS ------------------------------------------------------------------------------------------

SECURITY_HEADERS = frozenset({"content-security-policy", "strict-transport-security",
                              "access-control-allow-origin", "access-control-allow-credentials"})
_HEADER_METHODS = frozenset({"set", "add", "setdefault", "set_header", "add_header", "append", "__setitem__"})


def _header_writes(ctx) -> Iterator[HeaderWrite]:
    """Security headers written with a literal name: ``x.headers[N] = v``, ``response[N] = v`` (Django),
    ``x.headers.set/add(N, v)``, ``x.set_header(N, v)`` (Tornado, Bottle), and ``{N: v}`` header dicts."""
    if not any(ctx.source_mentions(word) for word in ("Content-Security-Policy", "Strict-Transport-Security",
                                                      "Access-Control-Allow", "content-security-policy",
                                                      "strict-transport-security", "access-control-allow")):
        return
    for node in ctx.walk_order or ast.walk(ctx.tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript):
                    name = ctx.literal(target.slice, None)
                    if isinstance(name, str) and name.lower() in SECURITY_HEADERS:
                        yield _header(ctx, name, node.value, node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in _HEADER_METHODS and len(node.args) >= 2:
                name = ctx.literal(node.args[0], None)
                if isinstance(name, str) and name.lower() in SECURITY_HEADERS:
                    yield _header(ctx, name, node.args[1], node)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                name = ctx.literal(key, None) if key is not None else None
                if isinstance(name, str) and name.lower() in SECURITY_HEADERS:
                    yield _header(ctx, name, value, key)


def _header(ctx, name: str, value: ast.AST, node: ast.AST) -> HeaderWrite:
    literal = ctx.literal(value, None)
    return HeaderWrite(name.lower(), literal if isinstance(literal, str) else None, node, value)


_ORIGIN_KEYS = frozenset({"origin", "http_origin"})


def reads_origin_header(ctx, expr: ast.AST | None, scope: ast.AST | None) -> bool:
    """Does ``expr`` carry the request's Origin header: ``request.headers.get("Origin")``,
    ``request.headers["Origin"]``, ``request.META["HTTP_ORIGIN"]``, or a local name bound to one of those?"""
    if expr is None:
        return False
    for node in ast.walk(expr):
        key = None
        if isinstance(node, ast.Subscript):
            key = ctx.literal(node.slice, None)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args):
            key = ctx.literal(node.args[0], None)
        if isinstance(key, str) and key.lower() in _ORIGIN_KEYS:
            return True
        if isinstance(node, ast.Name) and scope is not None and isinstance(node.ctx, ast.Load):
            for stmt in ctx.scope_nodes(scope):
                if (isinstance(stmt, ast.Assign) and stmt.value is not expr
                        and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets)
                        and reads_origin_header(ctx, stmt.value, None)):
                    return True
    return False


_ATTACKER_ORIGIN = "https://attacker.invalid"


def _admits_any_origin(origins: Any) -> bool:
    if isinstance(origins, str):
        return origins == "*" or _regex_admits_attacker(origins)
    if isinstance(origins, (list, tuple, set)):
        return any(isinstance(o, str) and (o == "*" or o in (".*", "^.*$", ".+", "^.+$", "(.*)")) for o in origins)
    return False


def _regex_admits_attacker(pattern: str) -> bool:
    if not any(ch in pattern for ch in ".*+"):
        return False
    try:
        return re.fullmatch(pattern, _ATTACKER_ORIGIN) is not None
    except re.error:
        return False


def _cors_policies(ctx, model: ModuleSettings) -> Iterator[CorsPolicy]:
    credentials_header = any(h.name == "access-control-allow-credentials" and (h.value or "").lower() == "true"
                             for h in model.headers)
    if ctx.source_mentions("CORS") or ctx.source_mentions("cross_origin"):
        for call in ctx.nodes_of_type(ast.Call):
            name = ctx.call_name(call) or ""
            if name.endswith((".CORS", ".cross_origin")) and name.startswith(("flask_cors.", "flask.ext.cors.")):
                yield _flask_cors(ctx, call, model, credentials_header)
            elif name.endswith(".CORSMiddleware") or _is_cors_middleware_arg(ctx, call):
                policy = _starlette_cors(ctx, call)
                if policy is not None:
                    yield policy
    module = model.module
    allow_all = module.get("CORS_ALLOW_ALL_ORIGINS") or module.get("CORS_ORIGIN_ALLOW_ALL")
    if allow_all is not None and allow_all.is_true:
        credentials = module.get("CORS_ALLOW_CREDENTIALS")
        yield CorsPolicy(allow_all.node, "django-cors-headers", True,
                         None if credentials is None else credentials.value is True)
    for header in model.headers:
        if header.name != "access-control-allow-origin":
            continue
        scope = ctx.enclosing_function(header.node)
        if reads_origin_header(ctx, header.value_node, scope) and not _origin_checked(ctx, header.node, scope):
            yield CorsPolicy(header.node, "header", True, credentials_header, reflected=True)
        elif header.value == "*" and scope is not None and _response_hook(ctx, scope):
            yield CorsPolicy(header.node, "header", True, credentials_header, every_response=True)


_HOOK_DECORATORS = frozenset({"after_request", "after_app_request"})


def _response_hook(ctx, func: ast.AST) -> bool:
    """A function that sees every response: a Flask ``@app.after_request`` (or ``app.after_request(f)``), a
    Bottle ``@hook("after_request")``, a Django middleware's ``process_response`` / ``__call__``."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for dec in func.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        last = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if last in _HOOK_DECORATORS:
            return True
        if last == "hook" and isinstance(dec, ast.Call) and dec.args and ctx.literal(dec.args[0], None) == \
                "after_request":
            return True
    parent = ctx.parent(func)
    if isinstance(parent, ast.ClassDef) and func.name in ("process_response", "__call__") and \
            "middleware" in parent.name.lower():
        return True
    return any(isinstance(c.func, ast.Attribute) and c.func.attr in _HOOK_DECORATORS and c.args and
               isinstance(c.args[0], ast.Name) and c.args[0].id == func.name for c in ctx.nodes_of_type(ast.Call))


def _origin_checked(ctx, node: ast.AST, scope: ast.AST | None) -> bool:
    """The function looks at the origin in a condition (an allow-list check, around the write or as an early
    return before it)."""
    tests = [anc.test for anc in ctx.ancestors(node) if isinstance(anc, (ast.If, ast.IfExp))]
    if scope is not None:
        tests += [n.test for n in ctx.scope_nodes(scope) if isinstance(n, (ast.If, ast.IfExp, ast.While))]
    return any(reads_origin_header(ctx, test, scope) or any(
        isinstance(n, ast.Name) and "origin" in n.id.lower() for n in ast.walk(test)) for test in tests)


def _flask_cors(ctx, call: ast.Call, model: ModuleSettings, credentials_header: bool) -> CorsPolicy:
    """flask-cors: origins default to '*', and with '*' it echoes the request's Origin (send_wildcard=False)."""
    origins: Any = ctx.literal(ctx.kwarg(call, "origins"), "*" if ctx.kwarg(call, "origins") is None else UNKNOWN)
    credentials = ctx.literal(ctx.kwarg(call, "supports_credentials"), None)
    resources = ctx.kwarg(call, "resources")
    if isinstance(resources, ast.Dict):
        for value in resources.values:
            options = ctx.literal(value, None)
            if isinstance(options, dict):
                origins = options.get("origins", origins)
                credentials = options.get("supports_credentials", credentials)
    for source, setting in model.settings_named("CORS_ORIGINS"):
        if ctx.kwarg(call, "origins") is None:
            origins = setting.value
    for source, setting in model.settings_named("CORS_SUPPORTS_CREDENTIALS"):
        if credentials is None:
            credentials = setting.value
    if credentials is None and credentials_header:
        credentials = True
    return CorsPolicy(call, "flask-cors", _admits_any_origin(origins),
                      credentials if isinstance(credentials, bool) else None)


def _is_cors_middleware_arg(ctx, call: ast.Call) -> bool:
    """``app.add_middleware(CORSMiddleware, ...)`` / ``Middleware(CORSMiddleware, ...)``."""
    return bool(call.args) and (ctx.qualname(call.args[0]) or "").endswith(".CORSMiddleware")


def _starlette_cors(ctx, call: ast.Call) -> CorsPolicy | None:
    name = ctx.qualname(call.args[0]) if _is_cors_middleware_arg(ctx, call) else ctx.call_name(call)
    if not (name or "").startswith(("starlette.", "fastapi.")):
        return None
    origins = ctx.literal(ctx.kwarg(call, "allow_origins"), None)
    regex = ctx.literal(ctx.kwarg(call, "allow_origin_regex"), None)
    any_origin = _admits_any_origin(origins) or (isinstance(regex, str) and _regex_admits_attacker(regex))
    credentials = ctx.literal(ctx.kwarg(call, "allow_credentials"), None)
    return CorsPolicy(call, "starlette", any_origin, credentials if isinstance(credentials, bool) else False)
