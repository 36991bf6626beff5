"""CWE-435 Improper Interaction Between Multiple Entities: code that is right on its own but wrong together with
the other party: browsers, crawlers and proxies treat GET as safe and repeatable (CWE-650), and the Python
optimiser drops ``assert`` statements, security checks included (CWE-733).
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from .common import chain_names, name_words
from .registry import Hit, pattern_rule

# --- state changes ----------------------------------------------------------------------------------------------

_DELETING_CALLS = frozenset({"os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.rename", "os.replace",
                             "shutil.rmtree", "shutil.move"})
_ORM_CHAIN = frozenset({"objects", "query", "filter", "filter_by", "exclude", "where"})
_ORM_WRITES = frozenset({"update", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"})
_SESSION_WRITES = frozenset({"add", "add_all", "merge", "delete", "flush"})
_DML = re.compile(r"\s*(insert|update|delete|drop|alter|truncate|replace|create)\b", re.IGNORECASE)


def _is_state_change(call: ast.Call, ctx) -> bool:
    """Calls that write: ORM saves/deletes/commits, DML statements, file deletion and renaming."""
    if ctx.call_name(call) in _DELETING_CALLS:
        return True
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    attr, receiver = func.attr, chain_names(func.value)
    if attr in {"delete", "commit", "save", "unlink"} and not call.args:
        return True  # obj.delete(), db.session.commit(), form.save(), Path(p).unlink()
    if attr in _ORM_WRITES and _ORM_CHAIN & set(receiver):
        return True
    if attr in _SESSION_WRITES and receiver and receiver[-1] == "session":
        return True
    if attr in {"execute", "executemany"} and call.args:
        sql = ctx.literal(call.args[0])
        return isinstance(sql, str) and bool(_DML.match(sql))
    return False


def first_state_change(func: ast.AST, ctx) -> ast.Call | None:
    for node in ctx.scope_nodes(func):
        if isinstance(node, ast.Call) and _is_state_change(node, ctx):
            return node
    return None


# --- GET handlers --------------------------------------------------------------------------------------------

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DJANGO_SAFE_ONLY = frozenset({"django.views.decorators.http.require_GET",
                               "django.views.decorators.http.require_safe"})


def _methods_of(decorator: ast.AST, ctx) -> frozenset[str] | None:
    """The HTTP methods a route decorator admits, or None when it is not a route decorator we understand."""
    if not isinstance(decorator, ast.Call):
        return frozenset({"GET"}) if ctx.qualname(decorator) in _DJANGO_SAFE_ONLY else None
    name = ctx.call_name(decorator) or ""
    if name == "django.views.decorators.http.require_http_methods":
        methods = ctx.literal(ctx.arg(decorator, 0, "request_method_list"))
        return frozenset(str(m).upper() for m in methods) if isinstance(methods, (list, tuple, set)) else None
    func = decorator.func
    if not isinstance(func, ast.Attribute) or not decorator.args:
        return None
    path = ctx.literal(decorator.args[0])
    if not isinstance(path, str) or not path.startswith("/"):
        return None
    if func.attr == "get":
        return frozenset({"GET"})
    if func.attr in {"route", "api_route"}:
        methods = ctx.kwarg(decorator, "methods")
        if methods is None:
            return frozenset({"GET"})  # Flask's default
        value = ctx.literal(methods)
        return frozenset(str(m).upper() for m in value) if isinstance(value, (list, tuple, set)) else None
    return None


def _inspects_method(func: ast.AST, ctx) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "method" for n in ctx.scope_nodes(func))


@pattern_rule(
    id="state-change-on-get", cwe=650, severity="medium", confidence="medium",
    title="Handler reachable by GET changes server state",
    message="This view accepts GET but deletes or writes data; browsers, link prefetchers, crawlers and caches "
            "treat GET as safe to repeat, and a plain <img src> or link on another site can trigger it (no CSRF "
            "protection applies to GET).",
    fix="Accept only POST/PUT/PATCH/DELETE for the state change (methods=['POST'], @require_POST, "
        "@app.delete(...)), and keep GET handlers read-only.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
)
def state_change_on_get(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    admitted: set[str] = set()
    for dec in node.decorator_list:
        methods = _methods_of(dec, ctx)
        if methods is not None:
            admitted |= methods
    if "GET" not in admitted:
        return
    if admitted - _SAFE_METHODS and _inspects_method(node, ctx):
        return  # one view for GET and POST that dispatches on request.method
    change = first_state_change(node, ctx)
    if change is not None:
        yield Hit(change)


_CLASS_VIEWS = frozenset({
    "django.views.View", "django.views.generic.View", "django.views.generic.base.View",
    "django.views.generic.TemplateView", "django.views.generic.DetailView", "django.views.generic.ListView",
    "rest_framework.views.APIView", "rest_framework.generics.GenericAPIView",
    "rest_framework.generics.RetrieveAPIView", "rest_framework.generics.ListAPIView",
    "flask.views.MethodView", "tornado.web.RequestHandler",
})
_VIEWSET_BASES = frozenset({"rest_framework.viewsets.ViewSet", "rest_framework.viewsets.GenericViewSet",
                            "rest_framework.viewsets.ModelViewSet", "rest_framework.viewsets.ReadOnlyModelViewSet"})


@pattern_rule(
    id="state-change-in-class-view-get", cwe=650, severity="medium", confidence="medium",
    title="Class-based view changes server state in its GET method",
    message="The get() (or list/retrieve) method of this view deletes or writes data, so any GET request — a "
            "prefetched link, a crawler, an <img> tag on another site — changes state without CSRF protection.",
    fix="Move the change into post()/delete() (or a DRF @action(methods=['post'])), and keep get() read-only.",
    nodes=(ast.ClassDef,),
)
def state_change_in_class_view_get(node: ast.ClassDef, ctx) -> Iterator[Hit]:
    bases = {ctx.qualname(b) for b in node.bases}
    if bases & _CLASS_VIEWS:
        safe_methods = {"get", "head"}
    elif bases & _VIEWSET_BASES:
        safe_methods = {"list", "retrieve"}
    else:
        return
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in safe_methods:
            change = first_state_change(stmt, ctx)
            if change is not None:
                yield Hit(change)


# --- checks the optimiser removes --------------------------------------------------------------------------------

# Words that make a name part of an authorisation decision (is_admin, has_perm, user.role, owner_id).
_SECURITY_WORDS = frozenset({"admin", "superuser", "staff", "authenticated", "authorized", "authorised",
                             "permitted", "perm", "perms", "permission", "permissions", "role", "roles", "privilege",
                             "privileges", "acl", "csrf", "logged"})
_SECURITY_NAMES = frozenset({"owner", "owner_id", "is_owner", "is_allowed", "allowed", "is_verified",
                             "is_trusted", "user_id"})


def _is_security_name(name: str) -> bool:
    return name.lower() in _SECURITY_NAMES or any(w in _SECURITY_WORDS for w in name_words(name))


def _security_names(expr: ast.AST) -> list[str]:
    names = []
    for n in ast.walk(expr):
        if isinstance(n, ast.Name):
            names.append(n.id)
        elif isinstance(n, ast.Attribute):
            names.append(n.attr)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) < 40 and "." not in n.value:
            names.append(n.value)  # user.role == "admin", "admin" in groups
    return [n for n in names if _is_security_name(n)]


@pattern_rule(
    id="assert-security-check", cwe=733, severity="high", confidence="high",
    title="Security check written as assert",
    message="Python removes assert statements when run with -O or PYTHONOPTIMIZE (common in production images), "
            "so this authorisation check silently disappears and every caller passes.",
    fix="Use an explicit check that always runs: if not user.has_perm(...): raise PermissionDenied (or abort(403)).",
    nodes=(ast.Assert,),
    skips_test_code=True,
)
def assert_security_check(node: ast.Assert, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    if _security_names(node.test):
        yield Hit(node)
