"""Variants of guarded applications for the route inventory: the same routes, guarded in different ways (a
decorator, its alias, a project wrapper, a base class, a router, an app-wide hook or setting), and the
negative of each: one route's guard taken away (a route moved out of the guarded class, blueprint or router),
or the app-wide guard removed. A guard applied another way must leave every route's status and the access
rules' verdict as they were; a guard taken away must leave that route public and make a route rule fire on it.

Two sources of variants: small apps built here for Flask, FastAPI, Django (function and class-based views) and
Django REST framework, each from one route table; and the access cases (tests/cases/access), whose
``@login_required`` is rewritten into an alias, an import alias and project wrappers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CASES = Path(__file__).resolve().parent.parent / "cases" / "access"
ALL = "*"  # drop the app-wide guard: every route public


@dataclass(frozen=True)
class RouteSpec:
    name: str  # the handler function (a view class's name is derived from it)
    method: str
    path: str  # with one {id} placeholder at most


ROUTES = (RouteSpec("list_orders", "GET", "/orders"),
          RouteSpec("show_order", "GET", "/orders/{id}"),
          RouteSpec("cancel_order", "POST", "/orders/{id}/cancel"),
          RouteSpec("refund_order", "POST", "/orders/{id}/refund"),
          RouteSpec("change_address", "POST", "/orders/{id}/address"),
          RouteSpec("purge_orders", "POST", "/admin/orders/purge"))
DROPS = ("change_address", "purge_orders")  # the sibling rule's and the admin rule's route


@dataclass(frozen=True)
class GuardVariant:
    framework: str
    style: str
    drop: str | None  # None: every route guarded; a route name; ALL
    files: tuple[tuple[str, str], ...]
    guarded: tuple[tuple[str, bool], ...]  # handler suffix -> guarded
    flagged: tuple[str, ...] = ()  # handler suffixes a route rule must flag (the others must stay unflagged)
    idor: bool = False  # IDOR_ROUTE's lookup must be flagged (it is guarded: its objects are per-user data)
    case: str = ""  # a case rewrite: the case file (its markers are the expected findings)
    statuses: tuple[tuple[str, str], ...] = field(default=())  # a case rewrite: handler suffix -> auth

    @property
    def id(self) -> str:
        what = "keep" if self.drop is None else "drop-all" if self.drop == ALL else f"drop-{self.drop}"
        return f"{self.case or self.framework}:{self.style}:{what}"


def _class(name: str) -> str:
    return "".join(w.title() for w in name.split("_"))


def _flask_path(p: str) -> str:
    return p.replace("{id}", "<int:order_id>")


def _fastapi_path(p: str) -> str:
    return p.replace("{id}", "{order_id}")


def _django_path(p: str) -> str:
    return p.lstrip("/").replace("{id}", "<int:order_id>") + "/"


def _params(r: RouteSpec) -> list[str]:
    return ["order_id"] if "{id}" in r.path else []


IDOR_ROUTE = "show_order"  # its body fetches the order by the id in the URL: an IDOR wherever a login guards it
IDOR_MARK = "  # idor"


def _body(r: RouteSpec, framework: str, indent: str = "    ") -> list[str]:
    if r.name == IDOR_ROUTE:
        fetch = "Order.query.get_or_404(order_id)" if framework in ("flask", "fastapi") else \
            "Order.objects.get(pk=order_id)"
        done = "jsonify(id=order.id)" if framework == "flask" else "{\"id\": order.id}" if framework == "fastapi" \
            else "JsonResponse({\"id\": order.id})"
        return [f"{indent}order = {fetch}{IDOR_MARK}", f"{indent}return {done}"]
    done = "jsonify(ok=True)" if framework == "flask" else "{\"ok\": True}" if framework == "fastapi" else \
        "JsonResponse({\"ok\": True})"
    return [f"{indent}return {done}"]


# --- Flask -------------------------------------------------------------------------------------------------------
_WRAPS_ABORT = '''def members_only(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401)
        return view(*args, **kwargs)
    return wrapper
'''
_ROLE_FACTORY = '''def role(name):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.role != name:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorate
'''
_FLASK_STYLES = {  # style -> (import of login_required, prelude, decorator, auth module or "")
    "decorator": ("from flask_login import current_user, login_required", "", "@login_required", ""),
    "alias": ("from flask_login import current_user, login_required", "members_only = login_required\n",
              "@members_only", ""),
    "import_alias": ("from flask_login import current_user, login_required as need_login", "", "@need_login", ""),
    "module_attribute": ("import flask_login\nfrom flask_login import current_user", "", "@flask_login.login_required",
                         ""),
    "wrapper": ("from flask_login import current_user, login_required",
                "def members_only(view):\n    return login_required(view)\n", "@members_only", ""),
    "wraps_abort": ("from flask_login import current_user", _WRAPS_ABORT, "@members_only", ""),
    "role_factory": ("from flask_login import current_user", _ROLE_FACTORY, '@role("clerk")', ""),
    "wrapper_other_module": ("from shop.auth import members_only", "", "@members_only",
                             "import functools\n\nfrom flask import abort\nfrom flask_login import current_user\n\n\n"
                             + _WRAPS_ABORT),
}
_FLASK_HOOK = '''@{bp}.before_request
def require_login():
    if not current_user.is_authenticated:
        abort(401)
'''


def _flask(style: str, drop: str | None) -> dict[str, str]:
    hook = style in ("blueprint_hook", "app_hook", "app_hook_other_module")
    imports, prelude, decorator, auth = _FLASK_STYLES.get(style, ("from flask_login import current_user", "", "",
                                                                  ""))
    lines = ["import functools", "", "from flask import Blueprint, Flask, abort, jsonify", imports,
             "from shop.models import Order", "", "",
             "app = Flask(__name__)", 'bp = Blueprint("orders", __name__)',
             'open_bp = Blueprint("orders_open", __name__)', "", ""]
    if prelude:
        lines += [prelude, ""]
    if style == "blueprint_hook":
        lines += [_FLASK_HOOK.format(bp="bp"), ""]
    if style == "app_hook" and drop != ALL:
        lines += [_FLASK_HOOK.format(bp="app"), ""]
    if style == "app_hook_other_module" and drop != ALL:
        lines += ["app.before_request(require_login)", ""]
    for r in ROUTES:
        dropped = drop == r.name
        receiver = "open_bp" if dropped and style == "blueprint_hook" else "bp"
        lines.append(f'@{receiver}.route("{_flask_path(r.path)}", methods=["{r.method}"])')
        if not hook and not dropped:
            lines.append(decorator)
        lines += [f"def {r.name}({', '.join(_params(r))}):", *_body(r, "flask"), "", ""]
    lines += ["app.register_blueprint(bp)", "app.register_blueprint(open_bp)", ""]
    files = {"shop/__init__.py": "", "shop/views.py": "\n".join(lines)}
    if style == "app_hook_other_module":
        lines.insert(lines.index("from shop.models import Order"), "from shop.auth import require_login")
        files["shop/views.py"] = "\n".join(lines)
        auth = "from flask import abort\nfrom flask_login import current_user\n\n\n" + _FLASK_HOOK.split("\n", 1)[1]
    if auth:
        files["shop/auth.py"] = auth
    return files


# --- FastAPI -----------------------------------------------------------------------------------------------------
_CALLER = '''def caller(authorization: str = Header(None)):
    if authorization is None or not authorization.startswith("Bearer "):
        raise HTTPException(status_code=401)
    return authorization
'''
_FASTAPI_STYLES = ("parameter", "annotated", "annotated_alias", "decorator_dependencies", "own_dependency",
                   "router_dependencies", "include_router_dependencies", "app_dependencies")


def _fastapi(style: str, drop: str | None) -> dict[str, str]:
    guard = "Depends(get_current_user)"
    lines = ["from typing import Annotated", "", "from fastapi import APIRouter, Depends, FastAPI, Header, "
             "HTTPException", "", "from shop.auth import User, get_current_user", "from shop.models import Order", "", ""]
    if style == "own_dependency":
        lines += [_CALLER, ""]
        guard = "Depends(caller)"
    if style == "annotated_alias":
        lines += [f"CurrentUser = Annotated[User, {guard}]", ""]
    router_deps = f"dependencies=[{guard}]" if style == "router_dependencies" else ""
    app_deps = f"dependencies=[{guard}]" if style == "app_dependencies" and drop != ALL else ""
    lines += [f"app = FastAPI({app_deps})", f"router = APIRouter({router_deps})", "open_router = APIRouter()", "", ""]
    group = style in ("router_dependencies", "include_router_dependencies", "app_dependencies")
    for r in ROUTES:
        dropped = drop == r.name
        receiver = "open_router" if dropped and group else "router"
        params = [f"{p}: int" for p in _params(r)]
        extra = ""
        if not dropped and not group:
            if style in ("parameter", "own_dependency"):
                params.append(f"user=Depends({'caller' if style == 'own_dependency' else 'get_current_user'})")
            elif style == "annotated":
                params.append(f"user: Annotated[User, {guard}]")
            elif style == "annotated_alias":
                params.append("user: CurrentUser")
            elif style == "decorator_dependencies":
                extra = f", dependencies=[{guard}]"
        lines += [f'@{receiver}.{r.method.lower()}("{_fastapi_path(r.path)}"{extra})',
                  f"def {r.name}({', '.join(params)}):", *_body(r, "fastapi"), "", ""]
    include = f", dependencies=[{guard}]" if style == "include_router_dependencies" else ""
    lines += [f"app.include_router(router{include})", "app.include_router(open_router)", ""]
    auth = ("class User:\n    id = 0\n\n\ndef get_current_user(authorization: str = None):\n"
            "    return User()\n")
    return {"shop/__init__.py": "", "shop/main.py": "\n".join(lines), "shop/auth.py": auth}


# --- Django function views ---------------------------------------------------------------------------------------
_DJANGO_WRAPPER = '''def member(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("/login/")
        return view(request, *args, **kwargs)
    return wrapper
'''
_DJANGO_STYLES = {  # style -> (import, prelude, decorator)
    "decorator": ("from django.contrib.auth.decorators import login_required", "", "@login_required"),
    "import_alias": ("from django.contrib.auth.decorators import login_required as lr", "", "@lr"),
    "alias": ("from django.contrib.auth.decorators import login_required", "member = login_required\n", "@member"),
    "wraps_redirect": ("", _DJANGO_WRAPPER, "@member"),
    "urls_wrap": ("", "", ""),
    "middleware": ("", "", ""),
}
_SETTINGS = '''SECRET_KEY = "x"
ROOT_URLCONF = "shop.urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
{extra}]
'''


def _django(style: str, drop: str | None) -> dict[str, str]:
    imports, prelude, decorator = _DJANGO_STYLES[style]
    lines = ["import functools", "", "from django.http import JsonResponse", "from django.shortcuts import redirect",
             "from shop.models import Order"]
    if imports:
        lines.append(imports)
    lines += ["", ""]
    if prelude:
        lines += [prelude, ""]
    urls = ["from django.urls import path", ""]
    if style == "urls_wrap":
        urls.append("from django.contrib.auth.decorators import login_required")
    urls += ["from shop import views", "", "urlpatterns = ["]
    for r in ROUTES:
        dropped = drop == r.name
        if decorator and not dropped:
            lines.append(decorator)
        lines += [f"def {r.name}({', '.join(['request'] + _params(r))}):", *_body(r, "django"), "", ""]
        view = f"views.{r.name}"
        if style == "urls_wrap" and not dropped:
            view = f"login_required({view})"
        urls.append(f'    path("{_django_path(r.path)}", {view}),')
    urls.append("]")
    extra = '    "django.contrib.auth.middleware.LoginRequiredMiddleware",\n' if style == "middleware" and drop != ALL \
        else ""
    return {"shop/__init__.py": "", "shop/views.py": "\n".join(lines), "shop/urls.py": "\n".join(urls) + "\n",
            "proj/__init__.py": "", "proj/settings.py": _SETTINGS.format(extra=extra)}


# --- Django class-based views and DRF ----------------------------------------------------------------------------
_CBV_STYLES = ("mixin", "base_mixin", "base_other_module", "method_decorator_class", "method_decorator_dispatch",
               "urls_wrap")
_DRF_STYLES = ("permission_classes", "base_view", "base_other_module", "own_permission", "settings_default",
               "api_view_decorator", "alias_import")


def _class_views(framework: str, style: str, drop: str | None) -> dict[str, str]:
    drf = framework == "drf"
    head = ["from django.http import JsonResponse", "from shop.models import Order"]
    base_module = ""
    if drf:
        head += ["from rest_framework.decorators import api_view, permission_classes",
                 "from rest_framework.permissions import BasePermission, IsAuthenticated",
                 "from rest_framework.views import APIView"]
        if style == "alias_import":
            head.append("from rest_framework.permissions import IsAuthenticated as Members")
    else:
        head += ["from django.contrib.auth.decorators import login_required",
                 "from django.contrib.auth.mixins import LoginRequiredMixin",
                 "from django.utils.decorators import method_decorator", "from django.views import View"]
    plain = "APIView" if drf else "View"
    lines = head[:]
    if style == "base_other_module":
        lines.append("from shop.base import MemberView")
        base_module = "\n".join(head) + "\n\n\n"
    lines += ["", ""]
    base = ""
    if drf and style == "own_permission":
        lines += ["class IsMember(BasePermission):", "    def has_permission(self, request, view):",
                  "        return bool(request.user and request.user.is_authenticated)", "", ""]
    if style in ("base_mixin", "base_view", "base_other_module"):
        body = (["class MemberView(APIView):", "    permission_classes = [IsAuthenticated]"] if drf else
                ["class MemberView(LoginRequiredMixin, View):", "    login_url = \"/login/\""])
        if style == "base_other_module":
            base_module += "\n".join(body) + "\n"
        else:
            lines += body + ["", ""]
        base = "MemberView"
    urls = ["from django.contrib.auth.decorators import login_required", "from django.urls import path", "",
            "from shop import views", "", "urlpatterns = ["]
    for r in ROUTES:
        dropped = drop == r.name
        params = ", ".join(["self", "request"] + _params(r))
        method = r.method.lower()
        cls = _class(r.name)
        if drf and style == "api_view_decorator":
            lines.append(f'@api_view(["{r.method}"])')
            if not dropped:
                lines.append("@permission_classes([IsAuthenticated])")
            lines += [f"def {r.name}({', '.join(['request'] + _params(r))}):", *_body(r, "django"), "", ""]
            urls.append(f'    path("{_django_path(r.path)}", views.{r.name}),')
            continue
        bases = plain
        body: list[str] = []
        if base:
            bases = plain if dropped else base
        elif not dropped and style == "mixin":
            bases = f"LoginRequiredMixin, {plain}"
        elif not dropped and drf and style in ("permission_classes", "own_permission", "alias_import"):
            name = {"permission_classes": "IsAuthenticated", "own_permission": "IsMember",
                    "alias_import": "Members"}[style]
            body.append(f"    permission_classes = [{name}]")
        if not dropped and style == "method_decorator_class":
            lines.append('@method_decorator(login_required, name="dispatch")')
        lines.append(f"class {cls}({bases}):")
        lines += body
        if not dropped and style == "method_decorator_dispatch":
            lines += ["    @method_decorator(login_required)", "    def dispatch(self, *args, **kwargs):",
                      "        return super().dispatch(*args, **kwargs)", ""]
        lines += [f"    def {method}({params}):", *_body(r, "django", "        "), "", ""]
        view = f"views.{cls}.as_view()"
        urls.append(f'    path("{_django_path(r.path)}", '
                    f'{f"login_required({view})" if style == "urls_wrap" and not dropped else view}),')
    urls.append("]")
    files = {"shop/__init__.py": "", "shop/views.py": "\n".join(lines), "shop/urls.py": "\n".join(urls) + "\n",
             "proj/__init__.py": ""}
    extra = ""
    if drf and style == "settings_default" and drop != ALL:
        extra = 'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}\n'
    files["proj/settings.py"] = _SETTINGS.format(extra="") + extra
    if base_module:
        files["shop/base.py"] = base_module
    return files


def _method_views(style: str, drop: str | None) -> dict[str, str]:
    """Flask MethodView classes registered with add_url_rule, guarded by their ``decorators`` list (their own,
    or their base class's)."""
    lines = ["from flask import Flask, jsonify", "from flask.views import MethodView", "from flask_login import "
             "login_required", "", "from shop.models import Order", "", "app = Flask(__name__)", "", "",
             "class MemberView(MethodView):", "    decorators = [login_required]", "", ""]
    rules = []
    for r in ROUTES:
        dropped = drop == r.name
        cls = _class(r.name)
        base = "MemberView" if style == "base_class_decorators" and not dropped else "MethodView"
        lines.append(f"class {cls}({base}):")
        if style == "class_decorators" and not dropped:
            lines += ["    decorators = [login_required]", ""]
        lines.append(f"    def {r.method.lower()}({', '.join(['self'] + _params(r))}):")
        lines += [*_body(r, "flask", "        "), "", ""]
        rules.append(f'app.add_url_rule("{_flask_path(r.path)}", view_func={cls}.as_view("{r.name}"))')
    return {"shop/__init__.py": "", "shop/views.py": "\n".join(lines + rules) + "\n"}


_VIEWSETS = ("OrderViewSet", "InvoiceViewSet", "PurgeViewSet")
_VIEWSET_METHODS = {"OrderViewSet": ("list", "retrieve", "create", "destroy"),
                    "InvoiceViewSet": ("list", "retrieve", "create", "destroy"), "PurgeViewSet": ("create",)}


def _viewsets(drop: str | None) -> dict[str, str]:
    """DRF viewsets on a router whose permission comes from their base viewset (``drop``: one viewset, or
    every one, no longer inherits it)."""
    lines = ["from django.http import JsonResponse", "from rest_framework import viewsets",
             "from rest_framework.permissions import IsAuthenticated", "", "from shop.models import Order", "", "",
             "class MemberViewSet(viewsets.ViewSet):", "    permission_classes = [IsAuthenticated]", "", ""]
    for cls in _VIEWSETS:
        base = "viewsets.ViewSet" if drop in (cls, ALL) else "MemberViewSet"
        lines.append(f"class {cls}({base}):")
        for method in _VIEWSET_METHODS[cls]:
            params = "self, request, pk=None" if method in ("retrieve", "destroy") else "self, request"
            lines.append(f"    def {method}({params}):")
            if cls == "OrderViewSet" and method == "retrieve":
                lines += [f"        order = Order.objects.get(pk=pk){IDOR_MARK}",
                          "        return JsonResponse({\"id\": order.id})", ""]
            else:
                lines += ["        return JsonResponse({\"ok\": True})", ""]
        lines.append("")
    urls = ["from rest_framework import routers", "", "from shop import views", "", "router = routers.DefaultRouter()",
            'router.register(r"orders", views.OrderViewSet, basename="order")',
            'router.register(r"invoices", views.InvoiceViewSet, basename="invoice")',
            'router.register(r"admin/purge", views.PurgeViewSet, basename="purge")', "urlpatterns = router.urls", ""]
    return {"shop/__init__.py": "", "shop/views.py": "\n".join(lines), "shop/urls.py": "\n".join(urls),
            "proj/__init__.py": "", "proj/settings.py": _SETTINGS.format(extra="")}


def viewset_variants() -> list[GuardVariant]:
    out = []
    for drop in (None, "PurgeViewSet", ALL):
        guarded = tuple((f".{cls}.{m}", drop not in (cls, ALL)) for cls in _VIEWSETS for m in _VIEWSET_METHODS[cls])
        flagged = () if drop is None else (".PurgeViewSet.create",)  # the admin route; no guard left to copy
        out.append(GuardVariant("drf", "base_viewset_router", drop, tuple(sorted(_viewsets(drop).items())), guarded,
                                flagged, idor=drop is None or drop == "PurgeViewSet"))
    return out


def _handler(framework: str, style: str, r: RouteSpec) -> str:
    if framework in ("flask", "fastapi", "django") or style == "api_view_decorator":
        return f".{r.name}"
    return f".{_class(r.name)}.{r.method.lower()}"  # a view class's method


_APP_WIDE = {("flask", "app_hook"), ("flask", "app_hook_other_module"), ("fastapi", "app_dependencies"),
             ("django", "middleware"),
             ("drf", "settings_default")}
_BUILDERS = {
    "flask": (_flask, tuple(_FLASK_STYLES) + ("blueprint_hook", "app_hook", "app_hook_other_module")),
    "flask-methodview": (_method_views, ("class_decorators", "base_class_decorators")),
    "fastapi": (_fastapi, _FASTAPI_STYLES),
    "django": (_django, tuple(_DJANGO_STYLES)),
    "django-cbv": (lambda s, d: _class_views("django", s, d), _CBV_STYLES),
    "drf": (lambda s, d: _class_views("drf", s, d), _DRF_STYLES),
}


def app_variants() -> list[GuardVariant]:
    out = []
    for framework, (build, styles) in _BUILDERS.items():
        for style in styles:
            drops = (None, ALL) if (framework, style) in _APP_WIDE else (None,) + DROPS
            for drop in drops:
                files = build(style, drop)
                guarded = tuple((_handler(framework, style, r), drop is None or (drop != ALL and drop != r.name))
                                for r in ROUTES)
                flagged = () if drop is None else tuple(
                    _handler(framework, style, r) for r in ROUTES if r.name == drop or
                    (drop == ALL and r.path.startswith("/admin/")))  # nothing guarded: only the admin rule
                # a role check restricts the route to privileged users, who may reach every record by design
                idor = dict(guarded)[_handler(framework, style, next(r for r in ROUTES if r.name == IDOR_ROUTE))] \
                    and style != "role_factory"
                out.append(GuardVariant(framework, style, drop, tuple(sorted(files.items())), guarded, flagged, idor))
    return out + viewset_variants()


# --- rewrites of the access cases --------------------------------------------------------------------------------
_IMPORT = re.compile(r"^from (flask_login|django\.contrib\.auth\.decorators) import (.*)\blogin_required\b(.*)$",
                     re.MULTILINE)
_CASE_REWRITES = {  # name -> (replacement of the import, prelude, decorator)
    "alias": (None, "members_only = login_required\n", "@members_only"),
    "import_alias": (r"from \1 import \2login_required as need_login\3", "", "@need_login"),
    "wrapper": (None, "def members_only(view):\n    return login_required(view)\n", "@members_only"),
    "wraps_abort": (None, "def members_only(view):\n    @functools.wraps(view)\n    def wrapper(*args, **kwargs):\n"
                    "        if not current_user.is_authenticated:\n            abort(401)\n"
                    "        return view(*args, **kwargs)\n    return wrapper\n", "@members_only"),
}
_REWRITTEN_CASES = ("route-missing-sibling-guard.py", "route-missing-sibling-guard_safe.py",
                    "admin-route-without-auth.py", "admin-route-without-auth_safe.py",
                    "admin-route-without-auth-fastapi.py", "commented-out-route-guard.py",
                    "commented-out-route-guard_safe.py", "idor/django_views.py", "idor/public_lookups_safe.py",
                    "idor/fastapi_orders.py")
_HOOK = re.compile(r"^@(\w+)\.before_request\n(def (\w+)\()", re.MULTILINE)
_DEPENDS = re.compile(r"\b(\w+)(?:\s*:\s*[\w.]+)?\s*=\s*Depends\((\w+)\)|\b(\w+):\s*Annotated\[[\w.]+,\s*Depends\((\w+)\)\]")


def _other_rewrite(source: str, name: str) -> str | None:
    """The rewrites that are not about a decorator: a before_request hook registered by a call instead of
    its decorator, and FastAPI dependencies named through module-level ``Annotated`` aliases."""
    if name == "hook_call":
        hooks = _HOOK.findall(source)
        if not hooks:
            return None
        return _HOOK.sub(r"\2", source) + "".join(f"\n{bp}.before_request({fn})\n" for bp, _, fn in hooks)
    if name == "depends_alias":
        if not _DEPENDS.search(source):
            return None
        deps: list[str] = []

        def alias(m: re.Match) -> str:
            param, dep = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            deps.append(dep)
            return f"{param}: Dep{dep.title().replace('_', '')}"

        made = _DEPENDS.sub(alias, source)
        lines = made.splitlines()
        last_import = max(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
        aliases = [f"Dep{d.title().replace('_', '')} = Annotated[object, Depends({d})]" for d in dict.fromkeys(deps)]
        typing = [] if "from typing import Annotated" in made else ["from typing import Annotated"]
        lines[last_import + 1:last_import + 1] = typing + ["", ""] + aliases
        return "\n".join(lines) + "\n"
    return None


def rewrite_case(source: str, name: str) -> str | None:
    """``source`` with every ``@login_required`` applied through the rewrite ``name``; None if it has none."""
    if not _IMPORT.search(source) or "\n@login_required\n" not in source:
        return None
    replacement, prelude, decorator = _CASE_REWRITES[name]
    if replacement:
        source = _IMPORT.sub(replacement, source, count=1)
    source = source.replace("\n@login_required\n", f"\n{decorator}\n")
    if prelude:
        lines = source.splitlines()
        last_import = max(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
        header = []
        if "abort(401)" in prelude and "flask_login" not in source:  # a Django view's wrapper redirects
            prelude = _DJANGO_WRAPPER.replace("def member(", "def members_only(")
            header = ["import functools", "from django.shortcuts import redirect"]
        elif "abort(401)" in prelude:
            header = ["import functools", "from flask import abort", "from flask_login import current_user"]
        lines[last_import + 1:last_import + 1] = header + ["", "", prelude.rstrip("\n")]
        source = "\n".join(lines) + "\n"
    return source


def case_variants() -> list[tuple[str, str, str, str]]:
    """(case, rewrite, original source, rewritten source) for every case that applies a @login_required."""
    out = []
    for case in _REWRITTEN_CASES:
        source = (CASES / case).read_text(encoding="utf-8")
        for name in _CASE_REWRITES:
            made = rewrite_case(source, name)
            if made is not None:
                out.append((case, name, source, made))
        for name in ("hook_call", "depends_alias"):
            made = _other_rewrite(source, name)
            if made is not None:
                out.append((case, name, source, made))
    return out
