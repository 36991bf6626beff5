"""What the access-control rules (rules/access_*.py) share: the knowledge of models/access.toml, and reading
where a request value comes from (a cookie or header the client set, a parameter it chose, a token nobody
verified) without running the flow engine: the decisions these rules judge sit next to the read."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .common import name_words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_DATA = Path(__file__).resolve().parent.parent / "python" / "models" / "access.toml"


@lru_cache(maxsize=1)
def knowledge() -> dict:
    with open(_DATA, "rb") as fh:
        return tomllib.load(fh)


def table(name: str) -> dict:
    return knowledge()[name]


@lru_cache(maxsize=None)
def word_set(section: str, key: str) -> frozenset[str]:
    return frozenset(table(section)[key])


@dataclass(frozen=True)
class ClientRead:
    """A value read from the request: ``where`` is "cookie" or "header" (what a browser or client sends on
    its own behalf), "input" (query, form, body) or "token" (claims of a JWT decoded unverified); ``key``
    the name it is read under, when written."""

    node: ast.AST
    where: str
    key: str | None


def is_request(node: ast.AST, ctx) -> bool:
    """``request`` (a framework global or a view's parameter), ``req``, ``self.request``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "request" and isinstance(node.value, ast.Name) and node.value.id == "self"
    if not isinstance(node, ast.Name):
        return False
    if node.id in word_set("authz", "request_names"):
        return True
    return (ctx.qualname(node) or "") in word_set("authz", "request_qualnames")


def _where(attr: str) -> str | None:
    if attr in word_set("authz", "cookie_attrs"):
        return "cookie"
    if attr in word_set("authz", "header_attrs"):
        return "header"
    if attr in word_set("authz", "input_attrs"):
        return "input"
    return None


_GETTERS = frozenset({"get", "getlist", "get_all", "getone", "getunicode"})


def _container(node: ast.AST, ctx) -> str | None:
    """``request.cookies`` / ``request.get_json()`` → where its data comes from; None for anything else."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_json" \
            and is_request(node.func.value, ctx):
        return "input"
    if isinstance(node, ast.Attribute) and is_request(node.value, ctx):
        return _where(node.attr)
    return None


def client_read(node: ast.AST, ctx) -> ClientRead | None:
    """The read ``node`` is, when it takes one named value out of the request."""
    key: object = None
    where = None
    if isinstance(node, ast.Subscript):
        where = _container(node.value, ctx)
        key = ctx.literal(node.slice, None)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func = node.func
        first = ctx.literal(node.args[0], None) if node.args else None
        if func.attr in _GETTERS:
            where, key = _container(func.value, ctx), first
        elif is_request(func.value, ctx):  # request.get_cookie("x"), self.get_argument is not a request
            where, key = _where(func.attr), first
            if func.attr in ("get_json", "environ"):
                where = None
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) \
            and node.value.attr in ("query", "forms", "params", "cookies") and is_request(node.value.value, ctx):
        where, key = _where(node.value.attr), node.attr  # bottle: request.query.role
    if where is None:
        return None
    if not isinstance(key, str):
        key = None
    elif key.isupper() and "_" in key or key in word_set("authz", "server_keys"):  # META / environ keys
        if key in word_set("authz", "server_keys") or not key.startswith("HTTP_"):
            return None
        where = "header"
    return ClientRead(node, where, key)


def unverified_jwt(call: ast.AST, ctx) -> bool:
    """``jwt.decode(token, options={"verify_signature": False})`` or ``verify=False``: claims nobody checked."""
    if not isinstance(call, ast.Call) or (ctx.call_name(call) or "") not in word_set("jwt", "decode"):
        return False
    verify = ctx.kwarg(call, "verify")
    if isinstance(verify, ast.Constant) and verify.value is False:
        return True
    options = ctx.literal(ctx.kwarg(call, "options"), None)
    return isinstance(options, dict) and options.get("verify_signature") is False


def privilege_named(name: str | None) -> bool:
    return bool(name) and bool(set(name_words(name)) & word_set("authz", "privilege_words"))


def privilege_flag(name: str | None) -> bool:
    """``is_admin``, ``admin``, ``isStaff``: a name that is nothing but a claim of privilege."""
    words = set(name_words(name or ""))
    strong = word_set("authz", "privilege_words") - {"role", "roles", "permission", "permissions", "perms"}
    return bool(words) and words <= word_set("authz", "flag_words") | strong and bool(words & strong)


def privileged_value(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in word_set("authz", "privileged_values")


def password_named(name: str | None) -> bool:
    return bool(set(name_words(name or "")) & word_set("password", "password_words"))


_KEEPS_DATA = frozenset({"dict", "to_dict", "copy", "items", "model_dump", "json"})


def request_mapping(expr: ast.AST, ctx, names: frozenset[str] | set[str] = frozenset()) -> bool:
    """``expr`` is the whole of what the client sent as a mapping: ``request.json``, ``request.get_json()``,
    ``request.POST.dict()``, ``await request.json()``, ``json.loads(request.body)``, or a name in ``names``
    that holds one."""
    while True:
        if isinstance(expr, ast.Await):
            expr = expr.value
        elif isinstance(expr, ast.Name):
            return expr.id in names
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and is_request(expr.func.value, ctx) \
                and expr.func.attr in ("get_json", "json"):
            return True
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in _KEEPS_DATA:
            expr = expr.func.value
        elif isinstance(expr, ast.Call) and (ctx.call_name(expr) or "") in ("json.loads", "dict") and expr.args:
            expr = expr.args[0]
        elif isinstance(expr, ast.Attribute) and is_request(expr.value, ctx):
            return expr.attr in word_set("authz", "input_attrs") or expr.attr in ("body", "data")
        else:
            return False


def request_mapping_names(scope_nodes, ctx) -> set[str]:
    """Local names assigned the whole request mapping (``data = request.get_json()``)."""
    names: set[str] = set()
    for node in scope_nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and request_mapping(node.value, ctx, names):
            names.add(node.targets[0].id)
    return names


_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "api_view",
                               "view_config", "expose"})
_VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "dispatch", "form_valid", "create", "update"})


def decorator_names(func: ast.AST) -> list[str]:
    names = []
    for dec in func.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        names.append(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def is_view(func: ast.AST, ctx) -> bool:
    """A function a web framework calls for a request: a route decorator, a request-first parameter, or a
    verb method of a class (class-based views)."""
    if set(decorator_names(func)) & _ROUTE_DECORATORS:
        return True
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    in_class = isinstance(ctx.parent(func), ast.ClassDef)
    if in_class and params[:1] in (["self"], ["cls"]):
        params = params[1:]
        if func.name in _VIEW_METHODS and params[:1] in (["request"], []):
            return True
    return params[:1] in (["request"], ["req"])


def password_check(func: ast.AST, ctx) -> ast.AST | None:
    """The node where ``func`` checks a user's password: a call of a password-checking API, or a comparison
    with a password the request carries (``request.form["password"] != stored``)."""
    checks = word_set("password", "check_calls")
    receivers = word_set("password", "hasher_receivers")
    password_vars: set[str] = set()
    own = ctx.scope_nodes(func)
    for node in own:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            read = client_read(node.value, ctx)
            if read is not None and password_named(read.key):
                password_vars.add(node.targets[0].id)
    for node in own:
        if isinstance(node, ast.Call):
            func_node = node.func
            name = func_node.attr if isinstance(func_node, ast.Attribute) else getattr(func_node, "id", "")
            if name in checks and (node.args or node.keywords):
                return node
            if name == "verify" and isinstance(func_node, ast.Attribute) and len(node.args) == 2:
                receiver = func_node.value
                rname = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
                if rname in receivers or (isinstance(receiver, ast.Call) and getattr(receiver.func, "id", "") in
                                          ("PasswordHasher",)):
                    return node
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Constant) and o.value in (None, "") for o in operands):
                continue
            for o in operands:
                read = client_read(o, ctx)
                if (read is not None and password_named(read.key)) or \
                        (isinstance(o, ast.Name) and o.id in password_vars):
                    return node
    return None


def module_reads_request(ctx) -> bool:
    """Some attribute of a request object is read in this module: spares the per-function searches of the
    access rules in the many modules that never touch one."""
    return ctx.memo("access_facts.reads_request", lambda: any(
        is_request(node.value, ctx) for node in ctx.nodes_of_type(ast.Attribute)
        if isinstance(node.value, (ast.Name, ast.Attribute))))


def lowered_source(ctx) -> str:
    return ctx.memo("access_facts.lowered", lambda: "\n".join(ctx.lines).lower())


def mentions_any(ctx, words) -> bool:
    text = lowered_source(ctx)
    return any(word in text for word in words)


def may_check_password(ctx) -> bool:
    """Some function of the module could check a password (``password_check`` needs one of these words)."""
    return ctx.memo("access_facts.may_check_password", lambda: mentions_any(
        ctx, word_set("password", "check_calls") | word_set("password", "password_words") | {"verify"}))
