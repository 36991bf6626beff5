"""CWE-807 / 565 / 290: an authorisation decision taken on what the client says about itself — an ``IsAdmin``
cookie, a ``role`` header, an ``is_admin`` query parameter, the claims of a JWT decoded without its signature.

The decision is an ``if`` (or ``while`` / conditional expression) test, or the answer of a function named for
a privilege (``is_admin(request)``); the evidence of privilege is the name the value is read under or the role
it is compared with. Form and body values count only under a name that is a bare privilege flag
(``is_admin``): a ``role`` field in a registration form is a request, not a claim the code trusts.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..web.settings import settings_of
from .access_facts import (ClientRead, client_read, mentions_any, module_reads_request, privilege_flag,
                           privilege_named, privileged_value, unverified_jwt, word_set)
from .common import name_words
from .registry import Hit, pattern_rule

_CWE = {"cookie": 565, "header": 290, "input": 807, "token": 807}
_MESSAGES = {
    "cookie": "Who may do this is decided on a cookie the client sets itself (no signature or server-side "
              "check), so anyone can claim the privilege by sending the value the check wants.",
    "header": "Who may do this is decided on a request header the client sets itself, so anyone can claim the "
              "privilege by sending the value the check wants.",
    "input": "Who may do this is decided on a request parameter the client chooses, so anyone can claim the "
             "privilege by adding it to the request.",
    "token": "Who may do this is decided on the claims of a JWT whose signature was not verified, so anyone can "
             "forge a token with the role the check wants.",
}


def _unverified_claims(scope_nodes, ctx) -> set[str]:
    names = set()
    for node in scope_nodes:
        if isinstance(node, ast.Assign) and unverified_jwt(node.value, ctx):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _claim_read(node: ast.AST, claims: set[str], ctx) -> ClientRead | None:
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in claims:
        key = ctx.literal(node.slice, None)
        return ClientRead(node, "token", key if isinstance(key, str) else None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and isinstance(node.func.value, ast.Name) and node.func.value.id in claims and node.args:
        key = ctx.literal(node.args[0], None)
        return ClientRead(node, "token", key if isinstance(key, str) else None)
    return None


def _reads_in(expr: ast.AST, derived: dict[str, ClientRead], claims: set[str], ctx) -> list[ClientRead]:
    found = []
    for node in ast.walk(expr):
        read = client_read(node, ctx) or (_claim_read(node, claims, ctx) if claims else None)
        if read is not None:
            found.append(read)
        elif isinstance(node, ast.Name) and node.id in derived:
            base = derived[node.id]
            found.append(ClientRead(node, base.where, base.key or node.id))
    return found


def _value_read(expr: ast.AST, derived: dict[str, ClientRead], claims: set[str], ctx) -> ClientRead | None:
    """The client value ``expr`` is, through the steps that keep it what it was (``.lower()``,
    ``.split(",")[0]``, ``str(...)``) but not through other calls (``jwt.decode(token, key)`` is new data)."""
    while True:
        read = client_read(expr, ctx) or (_claim_read(expr, claims, ctx) if claims else None)
        if read is not None:
            return read
        if isinstance(expr, ast.Name):
            return derived.get(expr.id)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            expr = expr.func.value
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("str", "int", "bool") \
                and len(expr.args) == 1:
            expr = expr.args[0]
        elif isinstance(expr, ast.Subscript):
            expr = expr.value
        else:
            return None


def _derived_names(scope_nodes, claims: set[str], ctx) -> dict[str, ClientRead]:
    """Local names holding one client value (``role = request.cookies.get("role")``), keyed by the name, which
    is evidence too (``is_admin = request.args.get("a")``)."""
    derived: dict[str, ClientRead] = {}
    for node in scope_nodes:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        read = _value_read(node.value, derived, claims, ctx)
        if read is not None:
            name = node.targets[0].id
            key = read.key if privilege_named(read.key) else name
            derived[name] = ClientRead(read.node, read.where, key)
    return derived


def _privileged(read: ClientRead) -> bool:
    if read.where == "input":
        return privilege_flag(read.key)
    return privilege_named(read.key)


def _presence_test(compare: ast.Compare) -> bool:
    """``x is None``, ``x == ""``, ``"IsAdmin" in request.cookies``: whether a value was sent, not what it says."""
    return any(isinstance(o, ast.Constant) and o.value in (None, "") for o in compare.comparators) \
        or all(isinstance(op, (ast.In, ast.NotIn)) for op in compare.ops)


def _decision_hit(test: ast.AST, derived, claims, ctx) -> ast.AST | None:
    """The part of a decision's test that trusts a client value with a privilege, or None."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare):
            if _presence_test(node) and not any(privileged_value(ctx.literal(o, None)) for o in node.comparators):
                continue
            operands = [node.left, *node.comparators]
            reads = [r for o in operands for r in _reads_in(o, derived, claims, ctx)]
            if not reads:
                continue
            compared_role = any(privileged_value(ctx.literal(o, None)) for o in operands)
            for read in reads:
                if _privileged(read) or (compared_role and read.where != "input"):
                    return node
    for node in [test, *(test.values if isinstance(test, ast.BoolOp) else ()),
                 *([test.operand] if isinstance(test, ast.UnaryOp) else ())]:
        reads = _reads_in(node, derived, claims, ctx) if not isinstance(node, (ast.BoolOp, ast.Compare)) else []
        if any(_privileged(r) for r in reads):  # truthiness: if request.cookies.get("is_admin"):
            return node
    return None


def _privilege_function(func: ast.AST) -> bool:
    words = set(name_words(func.name))
    return bool(words & {"admin", "isadmin", "staff", "superuser", "role", "roles", "privileged", "permission"}) \
        and bool(words & {"is", "has", "check", "can", "require", "requires", "verify", "allowed", "admin",
                          "isadmin"})


def _module_may_decide(ctx) -> bool:
    """The module reads a request (or decodes a JWT) and writes some privilege word at all."""
    return ctx.memo("access_authz.may_decide", lambda: mentions_any(  # the words first: a text search is cheaper
        ctx, word_set("authz", "privilege_words") | word_set("authz", "privileged_values"))
        and (module_reads_request(ctx) or mentions_any(ctx, ("jwt",))))


@pattern_rule(
    id="client-controlled-authorization", cwe=807, severity="high", confidence="medium",
    title="Authorisation decided on data the client controls",
    message=_MESSAGES["input"],
    fix="Decide on server-side state: the authenticated user's role loaded from the database or a signed "
        "session (request.user.is_staff, current_user.role), or a JWT verified with its key and algorithm; "
        "never on a cookie, header or parameter the client can set.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("request", "req", "jwt"),
    skips_test_code=True,
)
def client_controlled_authorization(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or not _module_may_decide(ctx):
        return
    own = ctx.scope_nodes(node)
    claims = _unverified_claims(own, ctx)
    derived = _derived_names(own, claims, ctx)
    seen: set[int] = set()
    for stmt in own:
        if isinstance(stmt, (ast.If, ast.While, ast.IfExp)):
            test = stmt.test
        elif isinstance(stmt, ast.Return) and stmt.value is not None and _privilege_function(node):
            test = stmt.value
        else:
            continue
        hit = _decision_hit(test, derived, claims, ctx)
        if hit is None or id(hit) in seen:
            continue
        seen.add(id(hit))
        reads = _reads_in(hit, derived, claims, ctx)
        where = reads[0].where if reads else "input"
        yield Hit(hit, message=_MESSAGES[where], cwe=_CWE[where])


# --- CWE-285: a permission class that lets every caller write -----------------------------------------------------

_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PERMISSION_METHODS = ("has_permission", "has_object_permission")


def _unsafe_method_test(test: ast.AST, ctx) -> bool:
    """``request.method == "DELETE"`` / ``request.method in ("PUT", "PATCH")``: the test is about the method
    alone, and names a method that changes data."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    left, right = test.left, test.comparators[0]
    if not (isinstance(left, ast.Attribute) and left.attr == "method"):
        left, right = right, left
    if not (isinstance(left, ast.Attribute) and left.attr == "method"):
        return False
    value = ctx.literal(right, None)
    if isinstance(test.ops[0], ast.Eq) and isinstance(value, str):
        return value.upper() in _UNSAFE_METHODS
    if isinstance(test.ops[0], ast.In) and isinstance(value, (list, tuple, set, frozenset)):
        return any(isinstance(v, str) and v.upper() in _UNSAFE_METHODS for v in value)
    return False


@pattern_rule(
    id="permission-grants-unsafe-method", cwe=285, severity="high", confidence="medium",
    title="Permission class lets every caller change data",
    message="The permission answers True for a method that changes data (DELETE, PUT, PATCH, POST) without "
            "looking at who is asking, so every view that uses it lets anyone, logged in or not, make that change.",
    fix="Decide on the caller for the unsafe methods: return request.user.is_staff, an ownership test "
        "(obj.owner == request.user) or a permission (request.user.has_perm(...)), and False otherwise; keep the "
        "unconditional True for SAFE_METHODS only.",
    nodes=(ast.ClassDef,),
    requires_words=("has_permission", "has_object_permission"),
    skips_test_code=True,
)
def permission_grants_unsafe_method(node: ast.ClassDef, ctx) -> Iterator[Hit]:
    """A DRF-style permission (a class with has_permission / has_object_permission taking the request): a branch
    whose test is only the request's method, naming an unsafe one, and whose body is ``return True``. Reported
    once per class, at the first such grant: the object-level twin is the same decision."""
    if ctx.is_test_code:
        return
    for item in node.body:
        if not (isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in _PERMISSION_METHODS):
            continue
        if [a.arg for a in item.args.args[:2]] != ["self", "request"]:
            continue
        for stmt in ast.walk(item):
            if isinstance(stmt, ast.If) and _unsafe_method_test(stmt.test, ctx) and stmt.body and \
                    isinstance(stmt.body[0], ast.Return) and isinstance(stmt.body[0].value, ast.Constant) and \
                    stmt.body[0].value.value is True:
                yield Hit(stmt.test)
                return


# --- CWE-284: Django REST framework's default permission opens every view ---------------------------------------

_OPEN_PERMISSIONS = frozenset({"rest_framework.permissions.AllowAny", "AllowAny"})


@pattern_rule(
    id="drf-default-allow-any", cwe=284, severity="medium", confidence="medium",
    title="API views are open to anonymous callers by default",
    message="REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES is AllowAny while the API authenticates its callers "
            "(DEFAULT_AUTHENTICATION_CLASSES): every view that does not name its own permission_classes, today "
            "or when it is added, answers anonymous requests, including the ones that change data.",
    fix="Make the default deny (DEFAULT_PERMISSION_CLASSES = ['rest_framework.permissions.IsAuthenticated'] or "
        "a stricter project permission) and open the public views one by one with permission_classes = "
        "[AllowAny].",
    nodes=(ast.Module,),
    requires_words=("DEFAULT_PERMISSION_CLASSES",),
    skips_test_code=True,
)
def drf_default_allow_any(node: ast.Module, ctx) -> Iterator[Hit]:
    """Read from the settings model: production-role Django settings only (a development or defaults module is
    meant to be lax). Without authentication classes the API has no notion of a caller, and opening it is the
    design, not a default left behind."""
    if ctx.is_test_code:
        return
    source = settings_of(ctx).module
    setting = source.get("REST_FRAMEWORK")
    if setting is None or source.relaxed or not isinstance(setting.node, ast.Assign) or \
            not isinstance(setting.node.value, ast.Dict):
        return
    entries = {ctx.literal(k, None): v for k, v in zip(setting.node.value.keys, setting.node.value.values)
               if k is not None}
    permissions, authentication = entries.get("DEFAULT_PERMISSION_CLASSES"), entries.get(
        "DEFAULT_AUTHENTICATION_CLASSES")
    if not isinstance(permissions, (ast.List, ast.Tuple)) or not isinstance(authentication, (ast.List, ast.Tuple)) \
            or not authentication.elts:
        return
    names = [ctx.literal(e, None) if isinstance(e, ast.Constant) else ctx.qualname(e) for e in permissions.elts]
    if names and all(isinstance(n, str) and n in _OPEN_PERMISSIONS for n in names):
        yield Hit(permissions)
