"""What guards a route: the built-in names of models/guards.toml, and the project's own guards recognised by
what their bodies do (a check of the session, user or token that aborts, redirects, raises or returns 401/403).

The route inventory (web/routes.py) asks this module about decorators, dependencies, base classes and the first
statements of a handler; nothing here walks a whole module except ``own_guards``, memoised per module.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

AUTHENTICATED, AUTHORISED, PUBLIC = "authenticated", "authorised", "public"
_RANK = {AUTHENTICATED: 1, AUTHORISED: 2}


def stronger(a: str | None, b: str | None) -> str | None:
    return a if _RANK.get(a or "", 0) >= _RANK.get(b or "", 0) else b


@dataclass(frozen=True)
class GuardTables:
    decorators: dict[str, str]  # last name or dotted name -> level or "public" / "neutral"
    rate_decorators: frozenset[str]
    rate_attrs: frozenset[str]
    permission_classes: dict[str, str]
    mixins: dict[str, str]
    middleware: dict[str, str]
    dep_authenticated: re.Pattern
    dep_authorised: re.Pattern
    public_words: re.Pattern
    whole_path_words: re.Pattern
    privileged_path: re.Pattern


@lru_cache(maxsize=1)
def tables() -> GuardTables:
    data = tomllib.loads((Path(__file__).parent.parent / "python" / "models" / "guards.toml").read_text("utf-8"))

    def levels(table: dict) -> dict[str, str]:
        out: dict[str, str] = {}
        for level in ("neutral", "public", AUTHENTICATED, AUTHORISED):
            for name in table.get(level, []):
                out[name] = level
        return out

    deps = data["dependencies"]
    return GuardTables(levels(data["decorators"]), frozenset(data["rate_limits"]["decorators"]),
                       frozenset(data["rate_limits"]["class_attrs"]), levels(data["permission_classes"]),
                       levels(data["mixins"]), levels(data["middleware"]),
                       re.compile(deps["authenticated"]), re.compile(deps["authorised"]),
                       re.compile(data["public_by_design"]["words"]),
                       re.compile(data["public_by_design"]["whole_path_words"]),
                       re.compile(data["paths"]["privileged"]))


def known_name(name: str, table: dict[str, str]) -> str | None:
    """The level ``table`` gives a (possibly dotted) name: the dotted tail first, then the last part."""
    parts = name.split(".")
    for i in range(len(parts) - 1):
        hit = table.get(".".join(parts[i:]))
        if hit:
            return hit
    return table.get(parts[-1])


def privileged_path(path: str) -> bool:
    """An administrative URL path (``/admin/users``, ``/manage-orders``): models/guards.toml [paths]."""
    return bool(tables().privileged_path.search(path.lower()))


def dependency_level(name: str) -> str | None:
    """A FastAPI dependency guards by its name (``get_current_user``, ``require_admin``) unless it is a
    resource (``get_db``, ``get_session``)."""
    last = name.rsplit(".", 1)[-1].lower()
    if re.search(r"(^|_)(db|database|session|settings|config|redis|cache|client|engine|conn|connection)$", last) \
            and "user" not in last:
        return None
    t = tables()
    if t.dep_authorised.search(last):
        return AUTHORISED
    if t.dep_authenticated.search(last):
        return AUTHENTICATED
    return None


# --- reading bodies ------------------------------------------------------------------------------------------
_AUTH_TEST = re.compile(
    r"current_user|session|logged|login|authenticat|request\.user|g\.user|\btoken|jwt|\bauth|api_?key|identity|"
    r"is_admin|\brole|permission|has_perm|is_superuser|is_staff|authoriz|authoris|user_id|username|credential|"
    r"\badmin", re.IGNORECASE)
_AUTHORISED_TEST = re.compile(r"admin|\brole|permission|has_perm|superuser|staff|\bgroup|owner|privilege|scope",
                              re.IGNORECASE)
_REJECT_CALL = re.compile(r"abort|redirect|forbidden|unauthori[sz]ed|denied|login|permission|HTTPException|"
                          r"not_authenticated|Unauthorized|Forbidden", re.IGNORECASE)
_DENY_STATUS = {401, 403}


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _rejects(stmts: list[ast.stmt]) -> bool:
    """The statements turn the request away: raise, abort/redirect, a 401/403, or return early."""
    for stmt in stmts:
        if isinstance(stmt, (ast.Raise, ast.Return)):
            return True
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and _REJECT_CALL.search(_call_name(node)):
                return True
            if isinstance(node, ast.Constant) and node.value in _DENY_STATUS and not isinstance(node.value, bool):
                return True
    return False


def _denies(stmts: list[ast.stmt]) -> str | None:
    """The statements answer 401 (authenticated) or 403 (authorised) explicitly."""
    level = None
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Constant) and node.value in _DENY_STATUS and not isinstance(node.value, bool):
                level = stronger(AUTHORISED if node.value == 403 else AUTHENTICATED, level)
            elif isinstance(node, (ast.Name, ast.Attribute)):
                name = node.id if isinstance(node, ast.Name) else node.attr
                if re.search(r"Forbidden|PermissionDenied|HTTP_403", name):
                    level = stronger(AUTHORISED, level)
                elif re.search(r"Unauthori[sz]ed|NotAuthenticated|HTTP_401", name):
                    level = stronger(AUTHENTICATED, level)
    return level


def _test_text(ctx, node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - hostile trees
        return ""


def check_level(ctx, stmt: ast.stmt) -> str | None:
    """A statement that guards what follows: ``if not current_user.is_authenticated: abort(401)``, ``if
    session.get("role") != "admin": return redirect(...)``, ``assert request.user.is_staff``."""
    if isinstance(stmt, ast.If):
        if not _rejects(stmt.body) and not (stmt.orelse and _rejects(stmt.orelse)):
            return None
        text = _test_text(ctx, stmt.test)
        if not _AUTH_TEST.search(text):
            # whatever it tests, a branch that answers 401/403 is an access check (a client address, a header)
            denial = _denies(stmt.body)
            return denial

        if not (_rejects(stmt.body) or (stmt.orelse and _rejects(stmt.orelse))):
            return None
        return AUTHORISED if _AUTHORISED_TEST.search(text) else AUTHENTICATED
    if isinstance(stmt, ast.Assert):
        text = _test_text(ctx, stmt.test)
        if _AUTH_TEST.search(text):
            return AUTHORISED if _AUTHORISED_TEST.search(text) else AUTHENTICATED
        return None
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        name = _call_name(stmt.value)
        level = known_name(name, tables().decorators)
        if level in (AUTHENTICATED, AUTHORISED):
            return level  # verify_jwt_in_request(), check_permission(...)
        if re.search(r"^(check|require|verify|ensure|assert)_?(auth|login|logged|user|admin|perm|role|token|access|staff|superuser|owner)",
                     name, re.IGNORECASE) or name in ("check_permissions", "check_object_permissions"):
            return AUTHORISED if _AUTHORISED_TEST.search(name) else AUTHENTICATED
    return None


def body_guard(ctx, func: ast.FunctionDef | ast.AsyncFunctionDef, limit: int = 6) -> tuple[str, int] | None:
    """(level, line) of a guard among the first statements of ``func``'s body (after its docstring). A test
    of the request's own data (``if body.role == "chef": raise HTTPException(401)``: what the client asks for,
    not who the client is) validates input and guards nothing."""
    found = None
    inputs = _input_parameters(ctx, func)
    for stmt in func.body[:limit]:
        if inputs and isinstance(stmt, ast.If) and _tests_only(stmt.test, inputs):
            continue
        level = check_level(ctx, stmt)
        if level is not None:
            found = (stronger(level, found[0]) if found else level, found[1] if found else stmt.lineno)
    return found


_IDENTITY_PARAMS = re.compile(r"^(self|cls|request|req|rq|info|user_?id|current_user|me|auth|token|credentials|"
                              r"session|principal|identity|actor|caller)$", re.IGNORECASE)


def annotation_aliases(ctx) -> dict[str, ast.AST]:
    """Module-level ``Name = Annotated[..., Depends(...)]`` (or ``type Name = ...``): the aliases a FastAPI
    parameter's annotation may name instead of spelling its dependency."""
    def compute() -> dict[str, ast.AST]:
        out: dict[str, ast.AST] = {}
        for stmt in ctx.tree.body:
            target = value = None
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                target, value = stmt.target, stmt.value
            elif type(stmt).__name__ == "TypeAlias":
                target, value = getattr(stmt, "name", None), getattr(stmt, "value", None)
            if isinstance(target, ast.Name) and isinstance(value, ast.Subscript) and \
                    _call_name(value.value) == "Annotated":
                out[target.id] = value
        return out

    return ctx.memo(("annotation_aliases",), compute)


def _input_parameters(ctx, func: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset:
    """Parameters that carry the request's data (a FastAPI body model or query value, a URL argument): not a
    dependency (``= Depends(...)``, ``Annotated[..., Depends(...)]``, an alias of one) and not named for the
    caller or the request."""
    args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs
    defaults = dict(zip([a.arg for a in (func.args.posonlyargs + func.args.args)][::-1],
                        func.args.defaults[::-1]))
    defaults.update({a.arg: d for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults) if d is not None})
    aliases = annotation_aliases(ctx)
    out = set()
    for a in args:
        if _IDENTITY_PARAMS.match(a.arg):
            continue
        ann = a.annotation
        if isinstance(ann, ast.Name) and ann.id in aliases:
            ann = aliases[ann.id]  # CurrentUser = Annotated[User, Depends(get_current_user)]
        names = [_call_name(n) for n in ast.walk(ann) if isinstance(n, (ast.Name, ast.Attribute))] if ann else []
        default = defaults.get(a.arg)
        if (isinstance(default, ast.Call) and _call_name(default) in ("Depends", "Security")) or \
                any(n in ("Depends", "Security") or "Request" in n for n in names):
            continue
        out.add(a.arg)
    return frozenset(out)


def _tests_only(test: ast.AST, names: frozenset) -> bool:
    """Every name the test reads is one of ``names`` (module constants and enums aside: capitalised, or
    reached through an attribute of a module such as ``models.UserRole.CHEF``)."""
    roots = set()
    for node in ast.walk(test):
        if isinstance(node, ast.Name):
            roots.add(node.id)
    read = {r for r in roots if r in names}
    others = {r for r in roots if r not in names and not r[:1].isupper() and not _module_like(test, r)}
    return bool(read) and not others


def _module_like(test: ast.AST, name: str) -> bool:
    """``models`` in ``models.UserRole.CHEF.value``: a name used only as the root of a dotted constant."""
    uses = [n for n in ast.walk(test) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id == name]
    return bool(uses) and all(n.attr[:1].isupper() for n in uses)


def _inner_functions(func: ast.AST):
    for node in ast.walk(func):
        if node is not func and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _function_guard(ctx, func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """A decorator (a wrapper inside checks and rejects) or a dependency / helper (its own body does)."""
    level = None
    for node in ast.walk(func):  # every node once, nested wrappers included
        if isinstance(node, ast.If):
            level = stronger(check_level(ctx, node), level)
        elif isinstance(node, ast.Raise) and node.exc is not None:
            text = _test_text(ctx, node.exc)
            if re.search(r"401|403|Unauthori|Forbidden|PermissionDenied|NotAuthenticated|"
                         r"AuthenticationFailed|credentials", text):
                level = stronger(AUTHORISED if re.search(r"403|Forbidden|Permission", text) else
                                 AUTHENTICATED, level)
    return level


def own_guards(ctx) -> dict[str, str]:
    """The module's own guard functions and classes (qualified name -> level): decorators whose wrapper
    rejects unauthenticated callers, dependencies that raise 401/403, checker classes with ``__call__``."""
    def compute() -> dict[str, str]:
        out: dict[str, str] = {}
        module = ctx.names.module
        for stmt in ctx.tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                level = _function_guard(ctx, stmt) or _wrapped_guard(ctx, stmt, out)
                if level:
                    out[f"{module}.{stmt.name}"] = level
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                level = _guard_expression(ctx, stmt.value, out)  # members_only = login_required
                if level:
                    out[f"{module}.{stmt.targets[0].id}"] = level
            elif isinstance(stmt, ast.ClassDef):
                for item in stmt.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in (
                            "__call__", "has_permission", "has_object_permission", "dispatch"):
                        level = _function_guard(ctx, item)
                        if item.name.startswith("has_"):
                            level = stronger(level, _returns_check(item))
                        if level:
                            out[f"{module}.{stmt.name}"] = stronger(level, out.get(f"{module}.{stmt.name}"))
        return out

    return ctx.memo(("own_guards",), compute)


def _guard_expression(ctx, node: ast.AST, own: dict[str, str]) -> str | None:
    """The level of a known guard named (``login_required``) or made (``permission_required("x")``) by ``node``:
    the built-in names, then the module's own guards found so far."""
    target = node.func if isinstance(node, ast.Call) else node
    if not isinstance(target, (ast.Name, ast.Attribute)):
        return None
    q = ctx.qualname(target) or ""
    level = known_name(q, tables().decorators) if q else None
    if level not in (AUTHENTICATED, AUTHORISED):
        level = known_name(_dotted_of(target), tables().decorators)
    if level in (AUTHENTICATED, AUTHORISED):
        return level
    return own.get(q) or own.get(f"{ctx.names.module}.{_dotted_of(target)}")


def _dotted_of(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        inner = _dotted_of(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _wrapped_guard(ctx, func: ast.FunctionDef | ast.AsyncFunctionDef, own: dict[str, str]) -> str | None:
    """A project decorator that hands the view to a known guard: ``return login_required(view)``, or a wrapper
    inside decorated with one (``@login_required`` over the inner function it returns)."""
    level = None
    for node in ast.walk(func):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call) and node.value.args:
            level = stronger(_guard_expression(ctx, node.value, own), level)
        elif node is not func and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                level = stronger(_guard_expression(ctx, dec, own), level)
    return level


def _returns_check(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """What a DRF permission's has_permission decides: a role, permission or owner (authorised), only that the
    caller logged in (``return request.user.is_authenticated``: authenticated), or nothing (``return True``)."""
    level = None
    for node in ast.walk(func):
        if isinstance(node, ast.Return) and node.value is not None and \
                not (isinstance(node.value, ast.Constant) and node.value.value is True):
            text = _test_text(None, node.value)
            only_login = re.search(r"is_authenticated|is_anonymous|\buser\b", text) and \
                not _AUTHORISED_TEST.search(text)
            level = stronger(AUTHENTICATED if only_login else AUTHORISED, level)
    return level
