"""Insecure direct object references (CWE-639): a view that fetches an object by an identifier the client chose,
and never ties that object to the caller.

The evidence is read from the view itself and from its module, never guessed from names alone:

- the view is an entry point (a route decorator, a Django view ``def v(request, pk)``, a class-based view
  method, a GraphQL resolver) and the identifier comes from the URL, the query, the body or a cookie;
- nothing in the view compares the object with the caller, scopes the lookup by the caller
  (``filter(pk=pk, owner=request.user)``, ``request.user.tasks.get(pk=pk)``) or asks a permission check, and the
  view is not restricted to privileged users (``@permission_required``, ``@staff_member_required``…);
- the object is one the application ties to users: its module scopes or creates it with the current user
  elsewhere, or it is an account itself (medium confidence); failing that, the view requires a login, so its
  objects are per-user data (low confidence). A public view that shows any article by id is not a finding.

Which expressions stand for the caller and which names mean "permission check" is data
(``python/models/ownership.toml``).

Two steps, like the route rules: ``collect(ctx)`` (per file, cached with the file's outcome) records each view's
first unscoped lookup with what the file itself says; ``check`` judges them on the route inventory
(web/routes.py), which knows the guards a view gets from elsewhere (a base class, a URLconf, middleware, a
router) and the URL's path parameters. A view the inventory does not list (a GraphQL resolver) is judged on the
file's own evidence.
"""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..cwe import pillar_of
from ..findings import Confidence, Finding, Location, Severity
from ..python.flow.syntax import dotted_name as _dotted
from ..web import guards as G
from .common import called_name as _callee, name_words, per_module
from .registry import Hit, Rule, pattern_rule, register

_DATA = Path(__file__).resolve().parent.parent / "python" / "models" / "ownership.toml"

_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "api_view"})
_VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "retrieve", "update", "partial_update",
                           "destroy", "get_object", "get_queryset", "form_valid"})
_PATH_PARAM = re.compile(r"[<{](?:\w+:)?(\w+)(?::[^>}]*)?[>}]")
# Request attributes that hold what the client sent.
_CLIENT_ATTRS = frozenset({"args", "form", "values", "json", "GET", "POST", "data", "query_params", "cookies",
                           "COOKIES", "params", "query", "forms", "get_json", "matchdict", "path_params",
                           "get_cookie", "get_argument", "kwargs"})
_REQUEST_ROOTS = ("request", "req", "self.request", "bottle.request", "flask.request")
_LOOKUP_METHODS = frozenset({"get", "filter", "filter_by", "get_or_404", "first_or_404", "get_object_or_404"})
_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


@dataclass(frozen=True)
class _Knowledge:
    current_user: tuple[str, ...]
    current_user_calls: frozenset[str]
    session_names: tuple[str, ...]
    user_dependencies: frozenset[str]
    permission_words: frozenset[str]
    privileged_words: frozenset[str]
    login_words: frozenset[str]
    id_keywords: frozenset[str]
    id_suffixes: tuple[str, ...]
    account_models: frozenset[str]
    identity_cookie_words: frozenset[str]
    owner_columns: frozenset[str]


@functools.lru_cache(maxsize=1)
def _knowledge() -> _Knowledge:
    with open(_DATA, "rb") as fh:
        raw = tomllib.load(fh)
    return _Knowledge(
        tuple(raw["current_user"]), frozenset(raw["current_user_calls"]), tuple(raw["session_names"]),
        frozenset(raw["user_dependencies"]), frozenset(raw["permission_words"]),
        frozenset(raw["privileged_decorator_words"]), frozenset(raw["login_decorator_words"]),
        frozenset(raw["identifier_keywords"]), tuple(raw["identifier_suffixes"]), frozenset(raw["account_models"]),
        frozenset(raw["identity_cookie_words"]), frozenset(raw["owner_columns"]),
    )


def _under(name: str | None, roots) -> bool:
    return bool(name) and any(name == r or name.startswith(r + ".") for r in roots)


@dataclass
class _View:
    func: ast.FunctionDef | ast.AsyncFunctionDef
    client_names: set[str] = field(default_factory=set)
    user_names: set[str] = field(default_factory=set)  # parameters that are the caller (Depends(get_current_user))
    authenticated: bool = False
    privileged: bool = False


def _decorator_words(dec: ast.expr) -> tuple[str, list[str]]:
    target = dec.func if isinstance(dec, ast.Call) else dec
    name = _dotted(target) or ""
    last = name.rsplit(".", 1)[-1]
    return last, name_words(last)


def _depends_target(default: ast.AST | None) -> str | None:
    if isinstance(default, ast.Call) and _callee(default) in {"Depends", "Security"} and default.args:
        inner = default.args[0]
        if isinstance(inner, ast.Call):
            inner = inner.func
        name = _dotted(inner)
        return name.rsplit(".", 1)[-1] if name else None
    return None


def _annotated_depends(annotation: ast.AST | None) -> str | None:
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple):
        for elt in annotation.slice.elts[1:]:
            found = _depends_target(elt)
            if found:
                return found
    return None


def _as_view(func: ast.FunctionDef | ast.AsyncFunctionDef, ctx) -> _View | None:
    k = _knowledge()
    parent = ctx.parent(func)
    params = [a.arg for a in func.args.posonlyargs + func.args.args + func.args.kwonlyargs]
    view = _View(func)
    is_view = False
    for dec in func.decorator_list:
        last, words = _decorator_words(dec)
        if last in _ROUTE_DECORATORS:
            is_view = True
            if isinstance(dec, ast.Call) and dec.args and isinstance(ctx.literal(dec.args[0], None), str):
                path = ctx.literal(dec.args[0])
                view.client_names.update(_PATH_PARAM.findall(path))
                # an administrative path acts on every record by design: whether it is guarded at all is
                # admin-route-without-auth's question, not an ownership one
                view.privileged |= G.privileged_path(path)
            continue
        if set(words) & k.privileged_words or last in k.privileged_words:
            view.privileged = True
        if set(words) & k.login_words:
            view.authenticated = True
    django = ctx.may_resolve_under("django") or ctx.may_resolve_under("rest_framework")
    if isinstance(parent, ast.Module) and params[:1] == ["request"] and django:
        is_view = True
        view.client_names.update(params[1:])
    elif isinstance(parent, ast.ClassDef) and func.name in _VIEW_METHODS and params[:1] == ["self"]:
        is_view = True
        view.client_names.update(p for p in params[2:] if params[1:2] == ["request"])
    elif func.name.startswith("resolve_") and "info" in params:
        is_view = True
        view.client_names.update(params[params.index("info") + 1:])
    if not is_view:
        return None
    # FastAPI parameters: a Depends(...) default is the framework's, not the client's
    defaults = dict(zip([a.arg for a in func.args.args][-len(func.args.defaults):] if func.args.defaults else [],
                        func.args.defaults))
    defaults.update({a.arg: d for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults) if d is not None})
    for arg in func.args.posonlyargs + func.args.args + func.args.kwonlyargs:
        dep = _depends_target(defaults.get(arg.arg)) or _annotated_depends(arg.annotation)
        if dep is None:
            continue
        view.client_names.discard(arg.arg)
        dep_words = set(name_words(dep))
        if dep in k.user_dependencies or {"current", "user"} <= dep_words:
            view.user_names.add(arg.arg)
            view.authenticated = True
        elif dep_words & (k.login_words | {"role", "roles", "checker", "permission"}):
            view.authenticated = True
    if any(_dotted(d) == "Depends" or _callee(d) == "Depends" for d in defaults.values() if isinstance(d, ast.Call)):
        # FastAPI: path and query parameters are every other parameter
        view.client_names.update(p for p in params if p not in defaults and p not in {"self", "request"})
    elif any(_decorator_words(d)[0] in {"get", "post", "put", "patch", "delete", "api_route"}
             for d in func.decorator_list):
        view.client_names.update(a.arg for a in func.args.args if a.arg not in defaults and a.arg
                                 not in {"self", "request", "req"} and a.annotation is not None)
    return view


def _is_client_read(node: ast.AST) -> bool:
    """``request.args['id']``, ``request.POST.get('id')``, ``self.kwargs['pk']``, ``request.get_json()``."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Subscript):
        target = target.value
    name = _dotted(target)
    if not name:
        return False
    parts = name.split(".")
    if name.startswith("self.kwargs"):
        return True
    return any(name.startswith(root + ".") for root in _REQUEST_ROOTS) and bool(set(parts[1:]) & _CLIENT_ATTRS)


def _client_chosen(expr: ast.AST, names: set[str]) -> bool:
    for node in ast.walk(expr):
        if isinstance(node, ast.Name) and node.id in names:
            return True
        if isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)) and _is_client_read(node):
            return True
    return False


def _spread_client_names(view: _View, ctx) -> None:
    """Names assigned from client data inside the view (``pk = request.GET['id']``, ``b64decode(score_card)``)."""
    assigns = [n for n in ctx.scope_nodes(view.func) if isinstance(n, (ast.Assign, ast.AnnAssign))]
    for _ in range(2):
        for node in assigns:
            if node.value is not None and _client_chosen(node.value, view.client_names):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for n in ast.walk(t):
                        if isinstance(n, ast.Name):
                            view.client_names.add(n.id)


def _is_current_user(node: ast.AST, user_names: set[str]) -> bool:
    k = _knowledge()
    if isinstance(node, ast.Call):
        if _callee(node) in k.current_user_calls:
            return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "get" and \
                _under(_dotted(node.func.value), k.session_names):
            return True
        return False
    if isinstance(node, ast.Subscript):
        return _under(_dotted(node.value), k.session_names)
    name = _dotted(node)
    if name is None:
        return False
    return _under(name, k.current_user) or name.split(".")[0] in user_names


def _mentions_user(expr: ast.AST, user_names: set[str]) -> bool:
    return any(_is_current_user(n, user_names) for n in ast.walk(expr))


def _identifier_keyword(name: str | None) -> bool:
    k = _knowledge()
    return bool(name) and (name.lower() in k.id_keywords or name.lower().endswith(k.id_suffixes))


def _owner_column(name: str | None) -> bool:
    return bool(name) and name.lower() in _knowledge().owner_columns


def _compared_column(expr: ast.AST) -> tuple[ast.Attribute, ast.AST] | None:
    """``Order.id == order_id`` / ``UserInfo.user == user`` → (the column, the value it is compared with)."""
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1 and isinstance(expr.ops[0], ast.Eq):
        left, right = expr.left, expr.comparators[0]
        for column, value in ((left, right), (right, left)):
            if isinstance(column, ast.Attribute) and (_identifier_keyword(column.attr) or _owner_column(column.attr)):
                return column, value
    return None


def _model_of(receiver: ast.AST) -> str | None:
    """The model a query starts from: ``Task.objects``, ``Order.query``, ``session.query(Order)``."""
    node = receiver
    while True:
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "query" and node.args:
                name = _dotted(node.args[0])
                return name.rsplit(".", 1)[-1] if name else None
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in {"objects", "query"} and isinstance(node.value, (ast.Name, ast.Attribute)):
                name = _dotted(node.value)
                return name.rsplit(".", 1)[-1] if name else None
            node = node.value
        else:
            return None


def _lookup(call: ast.Call, view: _View) -> tuple[str, ast.AST, bool] | None:
    """(model, identifier expression, by owner) when ``call`` fetches an object by an identifier the client chose;
    *by owner*: the identifier is an owner column (``filter_by(user_id=uid)``), so the rows are someone's."""
    name = _callee(call)
    if name not in _LOOKUP_METHODS and name not in _SHORTCUTS:
        return None
    if isinstance(call.func, ast.Name) or name in _SHORTCUTS:
        if name not in _SHORTCUTS or not call.args:
            return None
        first = _dotted(call.args[0])
        model = first.rsplit(".", 1)[-1] if first else None
        keys = [kw.value for kw in call.keywords if _identifier_keyword(kw.arg) and not _owner_column(kw.arg)] + \
            list(call.args[1:2])
        owner_keys = [kw.value for kw in call.keywords if _owner_column(kw.arg)]
    else:
        receiver = call.func.value
        if _mentions_user(receiver, view.user_names):
            return None  # request.user.tasks.get(pk=pk): already scoped to the caller
        model = _model_of(receiver)
        keys = [kw.value for kw in call.keywords if _identifier_keyword(kw.arg) and not _owner_column(kw.arg)]
        owner_keys = [kw.value for kw in call.keywords if _owner_column(kw.arg)]
        if name in {"get", "get_or_404"} and call.args:
            if len(call.args) == 2 and model is None and (_dotted(receiver) or "").endswith("session"):
                first = _dotted(call.args[0])
                model = first.rsplit(".", 1)[-1] if first else None  # session.get(Order, order_id)
                keys.append(call.args[1])
            elif len(call.args) == 1 and model is not None:
                keys.append(call.args[0])  # Order.query.get(order_id)
        if name == "filter":
            for column, value in filter(None, map(_compared_column, call.args)):
                if model is None:  # query.filter(UserInfo.user == user): the column names the model
                    owner = _dotted(column.value)
                    model = owner.rsplit(".", 1)[-1] if owner else None
                (owner_keys if _owner_column(column.attr) else keys).append(value)
    if not model or not model[:1].isupper():
        return None
    if any(_mentions_user(kw.value, view.user_names) for kw in call.keywords) or \
            any(_mentions_user(a, view.user_names) for a in call.args):
        return None  # filter(pk=pk, owner=request.user)
    # an owner column compared with a field of a loaded record (filter_by(user=user.uuid) after the password
    # lookup) is the application's own link between rows, not a client's choice of whose rows to read
    owner_keys = [k for k in owner_keys if not (isinstance(k, ast.Attribute) and not _is_client_read(k))]
    for key, by_owner in [(k, False) for k in keys] + [(k, True) for k in owner_keys]:
        if _client_chosen(key, view.client_names) and not _mentions_user(key, view.user_names):
            return model, key, by_owner
    return None


def _checks_caller(view: _View, ctx) -> bool:
    """Whether the view compares something with the caller, filters by the caller or asks a permission check
    (a login check, ``if not current_user.is_authenticated``, only authenticates: see ``_login_checked``)."""
    k = _knowledge()
    for node in ctx.scope_nodes(view.func):
        if isinstance(node, ast.Compare) and _mentions_user(node, view.user_names):
            return True
        if isinstance(node, ast.Call):
            words = set(name_words(_callee(node)))
            if words & k.permission_words and not words & {"password"}:
                return True
            if _callee(node) in _LOOKUP_METHODS | {"exclude", "where", "exists"} and \
                    (any(_mentions_user(kw.value, view.user_names) for kw in node.keywords)
                     or any(_mentions_user(a, view.user_names) for a in node.args)):
                return True
        if isinstance(node, (ast.If, ast.Assert, ast.IfExp)) and _mentions_user(node.test, view.user_names) and \
                not _is_login_check(node.test):
            return True  # "if obj.owner_id != session['uid']" authorises
    return False


def _login_checked(view: _View, ctx) -> bool:
    """``if not current_user.is_authenticated: ...`` in the view: it serves logged-in users only."""
    return any(isinstance(node, (ast.If, ast.Assert, ast.IfExp)) and _mentions_user(node.test, view.user_names)
               and _is_login_check(node.test) for node in ctx.scope_nodes(view.func))


_LOGIN_ATTRS = frozenset({"is_authenticated", "is_anonymous", "is_active", "loggedin", "logged_in"})


def _is_login_check(test: ast.AST) -> bool:
    """``not current_user.is_authenticated``, ``not session.get('loggedin')``, ``'user' not in session``."""
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr in _LOGIN_ATTRS:
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                set(name_words(node.value)) & {"loggedin", "logged", "user", "username", "uid", "userid"}:
            return True
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            return True
    return False


@per_module
def _owned_models(ctx) -> frozenset[str]:
    """Models the module ties to a user: created, filtered or compared with the current user somewhere."""
    owned = set()
    for call in ctx.nodes_of_type(ast.Call):
        if not any(_mentions_user(kw.value, set()) for kw in call.keywords):
            continue
        func = call.func
        if isinstance(func, ast.Name) and func.id[:1].isupper():
            owned.add(func.id)  # Notes(user=request.user, ...)
        elif isinstance(func, ast.Attribute):
            model = _model_of(func.value)
            if model:
                owned.add(model)
    return frozenset(owned)


IDOR = register(Rule(
    id="idor-unscoped-object-lookup", cwe=639, severity=Severity.HIGH, confidence=Confidence.MEDIUM,
    title="Object fetched by a client-chosen id with no ownership check",
    message="The view loads an object by an identifier taken from the request and never checks that it belongs "
            "to the caller, so any user can read or change anyone's record by changing the id (IDOR).",
    fix="Scope the lookup to the caller (Task.objects.get(pk=pk, owner=request.user), "
        "request.user.tasks.get(pk=pk), .filter(Order.user_id == current_user.id)) or check the owner after the "
        "lookup and answer 404/403 when it differs.",
    tags=("routes",),
))


@dataclass(frozen=True)
class Lookup:
    """A view's first lookup by a client-chosen id with no check of the caller, and the file's own evidence
    about the view (used where the route inventory does not list it)."""

    handler: str  # the view's qualified name, as the inventory names its handler
    path: str
    line: int
    column: int
    end_line: int | None
    end_column: int | None
    snippet: str
    model: str
    owned: bool  # the module ties the model to users, or it is an account
    authenticated: bool
    privileged: bool
    path_param: str = ""  # the id is this parameter, client-chosen if the route's URL has it ("": known here)


@dataclass(frozen=True)
class ModelLinks:
    """What one module says about its models' ownership, for the project-wide judgement: the models its views
    scope to or create with the caller, and each model class's links to the models it belongs to (a
    ``ForeignKey``, ``OneToOneField``, SQLAlchemy ``relationship`` or ``ForeignKey('table.id')``)."""

    owned: frozenset[str]
    links: tuple[tuple[str, str], ...]  # (model, the model it belongs to, or "table:<name>")
    tables: tuple[tuple[str, str], ...]  # (__tablename__, model)


def collect(ctx, active: set[str]) -> list:
    """The module's candidate lookups and its ModelLinks (step one; see the module docstring)."""
    if ctx.is_test_code or IDOR.id not in active:
        return []
    out: list = []
    for node in ctx.nodes_of_type(ast.FunctionDef) + ctx.nodes_of_type(ast.AsyncFunctionDef):
        found = _candidate(node, ctx)
        if found is not None:
            out.append(found)
    facts = _model_links(ctx)
    if facts.owned or facts.links:
        out.append(facts)
    return out


_LINK_FIELDS = frozenset({"ForeignKey", "OneToOneField", "relationship"})


def _model_links(ctx) -> ModelLinks:
    links, tables = [], []
    for cls in ctx.nodes_of_type(ast.ClassDef):
        for stmt in cls.body:
            if not isinstance(stmt, ast.Assign):
                continue
            if any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in stmt.targets):
                table = ctx.literal(stmt.value, None)
                if isinstance(table, str):
                    tables.append((table, cls.name))
                continue
            if not isinstance(stmt.value, ast.Call):
                continue
            for call in ast.walk(stmt.value):
                if not (isinstance(call, ast.Call) and _callee(call) in _LINK_FIELDS and call.args):
                    continue
                target = call.args[0]
                text = ctx.literal(target, None)
                if isinstance(text, str):
                    # ForeignKey("projects.id") names a table; ForeignKey("app.Project") / "Project" a model
                    head, _, tail = text.rpartition(".")
                    name = f"table:{head}" if head and tail and not tail[:1].isupper() else tail or head
                else:
                    dotted = _dotted(target)
                    name = dotted.rsplit(".", 1)[-1] if dotted else ""
                if name and name != cls.name:
                    links.append((cls.name, name))
    return ModelLinks(_owned_models(ctx), tuple(links), tuple(tables))


def _project_owned(facts: list[ModelLinks]) -> frozenset[str]:
    """Models some view in the project scopes to the caller, and the models that belong to one of those (a File
    of a Project only its members see is theirs too), through any number of links. A link to the account model
    itself is not enough: an article has an author and is public all the same."""
    tables = {t: m for f in facts for t, m in f.tables}
    links = [(m, tables.get(t[6:], "") if t.startswith("table:") else t) for f in facts for m, t in f.links]
    owned = {m for f in facts for m in f.owned} - set(_knowledge().account_models)
    changed = True
    while changed:
        changed = False
        for model, parent in links:
            if parent in owned and model not in owned:
                owned.add(model)
                changed = True
    return frozenset(owned)


def _qualified(node, ctx) -> str:
    parent = ctx.parent(node)
    if isinstance(parent, ast.ClassDef) and isinstance(ctx.parent(parent), ast.Module):
        return f"{ctx.names.module}.{parent.name}.{node.name}"
    return f"{ctx.names.module}.{node.name}"


def _candidate(node, ctx) -> Lookup | None:
    view = _as_view(node, ctx)
    if view is None:
        return None
    if _checks_caller(view, ctx):
        return None
    known = set(view.client_names)
    _spread_client_names(view, ctx)
    found = _first_lookup(view, ctx)
    param = ""
    if found is None:
        # a parameter the file cannot tell is the client's (a MethodView's get(self, order_id)): the route's URL
        # in the inventory may have it
        args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        for name in [a.arg for a in args if a.arg not in known | view.user_names | {"self", "cls", "request"}]:
            trial = _View(view.func, {name}, view.user_names, view.authenticated, view.privileged)
            _spread_client_names(trial, ctx)
            found = _first_lookup(trial, ctx)
            if found is not None:
                param = name
                break
    if found is None:
        return None
    call, model, by_owner = found
    owned = by_owner or model in _owned_models(ctx) or model in _knowledge().account_models
    line = call.lineno
    return Lookup(_qualified(node, ctx), ctx.path, line, call.col_offset, getattr(call, "end_lineno", None),
                  getattr(call, "end_col_offset", None), ctx.line(line).strip(), model, owned,
                  view.authenticated or _login_checked(view, ctx), view.privileged, param)


def _first_lookup(view: _View, ctx) -> tuple[ast.Call, str, bool] | None:
    for call in ctx.scope_nodes(view.func):
        if isinstance(call, ast.Call):
            found = _lookup(call, view)
            if found is not None:
                return call, found[0], found[2]
    return None


_ADMIN_WORDS = frozenset({"admin", "staff", "superuser", "administrator"})


def _privileged(guard) -> bool:
    """A guard that restricts the route to privileged users: a permission, role or staff decorator, mixin or
    permission class. A dependency checks a role the caller has (``require_role("customer")``), which says who
    may call the route, not that they may reach every record, unless it names an administrator."""
    if guard.level != G.AUTHORISED:
        return False
    return guard.kind != "dependency" or bool(set(name_words(guard.name)) & _ADMIN_WORDS)


def check(inventory, lookups: list, active: set[str]) -> list[Finding]:
    """Step two: each candidate judged with its route's guards from the inventory (see the module docstring)."""
    if IDOR.id not in active or not lookups:
        return []
    routes = {r.handler: r for r in (inventory.routes if inventory is not None else ()) if not r.test_code}
    owned = _project_owned([x for x in lookups if isinstance(x, ModelLinks)])
    out = []
    for lookup in lookups:
        if not isinstance(lookup, Lookup):
            continue
        route = routes.get(lookup.handler)
        if lookup.path_param and (route is None or lookup.path_param not in _PATH_PARAM.findall(route.rule or "")):
            continue  # the id is not known to come from the client
        if route is not None and route.auth != "unknown":
            # an administrative path or a role, permission or owner check acts on every record by design:
            # whether it is guarded at all is the route rules' question, not an ownership one
            privileged = any(_privileged(g) for g in route.guards) or G.privileged_path(route.rule or "")
            authenticated = route.auth in (G.AUTHENTICATED, G.AUTHORISED) or lookup.authenticated
        else:
            privileged, authenticated = lookup.privileged, lookup.authenticated
        if privileged:
            continue
        if lookup.owned or lookup.model in owned:
            confidence = Confidence.MEDIUM
        elif authenticated:
            confidence = Confidence.LOW
        else:
            continue  # a public view that shows any article by id is the point of the article
        where = f"{route.label}: " if route is not None and route.rule else ""
        model = lookup.model
        out.append(Finding(
            rule_id=IDOR.id, cwe=IDOR.cwe, pillar=pillar_of(IDOR.cwe), severity=IDOR.severity, confidence=confidence,
            location=Location(lookup.path, lookup.line, lookup.column, lookup.end_line, lookup.end_column),
            snippet=lookup.snippet, title=IDOR.title, fix=IDOR.fix,
            message=f"{where}The view loads {_article(model)} {model} by an identifier taken from the request and "
                    f"never checks that it belongs to the caller, so any user can reach anyone's {model} by "
                    f"changing the id (IDOR)."))
    return out


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _identity_cookie_key(node: ast.AST, ctx) -> str | None:
    """``request.cookies.get('userId')`` / ``request.COOKIES['user_id']`` / ``request.get_cookie('uid')``."""
    key = None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
        holder = _dotted(node.func.value) or ""
        if node.func.attr == "get" and holder.rsplit(".", 1)[-1] in {"cookies", "COOKIES"}:
            key = ctx.literal(node.args[0], None)
        elif node.func.attr == "get_cookie":
            key = ctx.literal(node.args[0], None)
    elif isinstance(node, ast.Subscript) and (_dotted(node.value) or "").rsplit(".", 1)[-1] in {"cookies", "COOKIES"}:
        key = ctx.literal(node.slice, None)
    if not isinstance(key, str):
        return None
    words = set(name_words(key))
    identity = words & _knowledge().identity_cookie_words
    return key if identity and (words & {"id", "uid", "userid", "name", "username"} or key.lower() in
                                {"uid", "userid", "user"}) else None


_NOT_A_LOOKUP = frozenset({"print", "str", "int", "len", "bool", "repr", "format", "escape", "render_template",
                           "set_cookie", "make_response", "jsonify", "redirect"})


@pattern_rule(
    id="identity-from-cookie", cwe=639, severity="high", confidence="medium",
    title="The caller's identity read from a plain cookie",
    message="The user id that selects whose data is served is read from a cookie the client writes, so anyone "
            "can act as any user by editing the cookie.",
    fix="Take the caller's identity from the server-side session or a verified token (flask.session, "
        "request.user, a signed JWT), never from a plain cookie.",
    nodes=(ast.Call, ast.Subscript),
    requires_words=("cookies", "COOKIES", "get_cookie"),
    skips_test_code=True,
)
def identity_from_cookie(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or _identity_cookie_key(node, ctx) is None:
        return
    parent = ctx.parent(node)
    # the cookie's value goes straight into a call that selects data (getNotes(uid), User.query.get(uid))...
    if isinstance(parent, ast.Call) and node in parent.args and _callee(parent) not in _NOT_A_LOOKUP:
        yield Hit(node)
        return
    # ... or through one local name
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        scope = ctx.enclosing_function(node)
        if scope is None:
            return
        name = parent.targets[0].id
        for use in ctx.scope_nodes(scope):
            if isinstance(use, ast.Call) and _callee(use) not in _NOT_A_LOOKUP and \
                    any(isinstance(a, ast.Name) and a.id == name for a in use.args) and use.lineno >= parent.lineno:
                yield Hit(node)
                return
