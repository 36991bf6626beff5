"""The route inventory (web/routes.py) on small Flask, Django/DRF and FastAPI apps, the `pillarscan routes`
command in its three formats, and its JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pillarscan.cli import main
from pillarscan.engine import ScanOptions, scan
from pillarscan.rules.access_routes import ROUTE_RULE_IDS

APPS = Path(__file__).parent / "fixtures" / "routes"
SCHEMA = Path(__file__).parent.parent / "src" / "pillarscan" / "reports" / "routes-schema.json"


def inventory(path: Path) -> dict:
    result = scan([str(path)], ScanOptions(jobs=1, enabled_rules=frozenset(ROUTE_RULE_IDS)))
    return {(r.rule, r.methods): r for r in result.routes.routes}


def guards(route) -> set[tuple[str, str, str, int]]:
    return {(g.name, g.kind, g.level, g.line) for g in route.guards}


def test_flask_blueprint_prefix_hook_and_own_decorator():
    routes = inventory(APPS / "flask_app")
    assert guards(routes["/billing/invoices", ("GET",)]) == {("@login_required", "decorator", "authenticated", 29)}
    # a decorator of the project's own, recognised by its wrapper's redirect when the session has no user
    assert guards(routes["/billing/invoices/<int:invoice_id>", ("GET", "DELETE")]) == \
        {("needs_login", "decorator", "authenticated", 35)}
    assert routes["/billing/invoices", ("POST",)].guards[0].kind == "in-body"
    assert routes["/billing/invoices", ("POST",)].models_written == ("Invoice",)
    assert routes["/billing/invoices", ("POST",)].inputs == ("form:total",)
    flush = routes["/admin/flush", ("POST",)]
    assert flush.auth == "authorised" and flush.guards[0].kind == "hook" and flush.guards[0].line == 22
    health = routes["/billing/health", ("GET",)]
    assert health.auth == "public" and health.public_by_design
    assert len(routes) == 5


def test_django_urls_class_views_and_drf():
    routes = inventory(APPS / "django_app")
    assert routes["/orders/", ()].auth == "authenticated"
    assert routes["/orders/<int:pk>/delete/", ()].auth == "authorised"
    assert routes["/orders/<int:pk>/delete/", ()].csrf == "protected"  # CsrfViewMiddleware in settings
    assert routes["/about/", ()].auth == "public"
    assert {g.name for g in routes["/orders/export/", ("GET",)].guards} == {"LoginRequiredMixin"}
    # permission_classes inherited from the view's base class
    assert guards(routes["/stats/", ("GET",)]) == {("IsAdminUser", "permission_class", "authorised", 33)}
    # a DRF router's viewset, guarded by DEFAULT_PERMISSION_CLASSES in settings
    destroy = routes["/orders-api/{pk}/", ("DELETE",)]
    assert [(g.name, g.kind) for g in destroy.guards] == [("IsAuthenticated", "settings")]
    assert destroy.guards[0].path.endswith("settings.py")
    assert ("/orders-api/", ("GET",)) in routes


def test_fastapi_router_dependencies_and_parameters():
    routes = inventory(APPS / "fastapi_app")
    for key in (("/admin/users", ("GET",)), ("/admin/users/{user_id}", ("DELETE",))):
        assert guards(routes[key]) == {("require_token", "router", "authenticated", 16)}
    assert guards(routes["/me", ("GET",)]) == {("Depends(get_current_user)", "dependency", "authenticated", 31)}
    assert routes["/ping", ("GET",)].auth == "public"


@pytest.mark.parametrize("source, expected", [
    # a guard decorator imported under another name
    ("from flask import Flask\nfrom flask_login import login_required as members_only\napp = Flask(__name__)\n"
     "@app.route('/a')\n@members_only\ndef a():\n    return ''\n", "authenticated"),
    # the same route without it
    ("from flask import Flask\napp = Flask(__name__)\n@app.route('/a')\ndef a():\n    return ''\n", "public"),
    # an unknown decorator may be a guard: the route's status is unknown, not public
    ("from flask import Flask\nfrom x import require_vip\napp = Flask(__name__)\n@app.route('/a')\n@require_vip\n"
     "def a():\n    return ''\n", "unknown"),
    # a mixin through the project's own base class
    ("from django.contrib.auth.mixins import PermissionRequiredMixin\nfrom django.views import View\n"
     "class Base(PermissionRequiredMixin, View):\n    pass\nclass Page(Base):\n    def get(self, request):\n"
     "        return None\n", "authorised"),
])
def test_guard_variants(tmp_path, source, expected):
    (tmp_path / "views.py").write_text(source)
    routes = scan([str(tmp_path)], ScanOptions(jobs=1, enabled_rules=frozenset(ROUTE_RULE_IDS))).routes.routes
    assert [r.auth for r in routes] == [expected]


@pytest.mark.parametrize("app", ["flask_app", "django_app", "fastapi_app"])
def test_routes_json_matches_its_schema(app, capsys):
    assert main(["routes", str(APPS / app), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(document)
    assert document["summary"]["routes"] == len(document["routes"]) > 0
    assert all(not r["file"].startswith("/") for r in document["routes"])


def test_routes_text_and_markdown(capsys):
    assert main(["routes", str(APPS / "flask_app")]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Route inventory: 5 routes, 4 guarded, 1 public by design: /billing/health")
    assert "admin.before_request only_admins [hook, authorised, line 22]" in text
    assert main(["routes", str(APPS / "flask_app"), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "| POST | `/admin/flush` |" in markdown


def test_text_report_counts_routes_in_the_access_pillar(capsys):
    main(["scan", str(APPS / "flask_app"), "--isolated", "--no-cache", "--no-progress"])
    out = capsys.readouterr().out
    access = out[out.index("CWE-284"):out.index("CWE-435")]
    assert "Routes: 5 routes, 4 guarded, 1 public by design: /billing/health" in access


def test_html_and_json_reports_carry_the_inventory(tmp_path):
    html, report = tmp_path / "r.html", tmp_path / "r.json"
    main(["scan", str(APPS / "fastapi_app"), "--isolated", "--no-cache", "-q", "--format", "html", "-o", str(html)])
    text = html.read_text()
    assert 'id="routes"' in text and "Routes (4)" in text and "require_token" in text
    main(["scan", str(APPS / "fastapi_app"), "--isolated", "--no-cache", "-q", "--format", "json", "-o", str(report)])
    assert json.loads(report.read_text())["summary"]["routes"] == {"routes": 4, "guarded": 3, "public_by_design": 1}


def test_hostile_route_text_cannot_reach_the_terminal(tmp_path, capsys):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n"
                                     "@app.route('/a\\x1b[2Jb')\ndef a():\n    return ''\n")
    assert main(["routes", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "/a" in out


def test_bottle_imported_callbacks_and_before_request_hook():
    routes = {r.rule: r for r in scan([str(APPS / "bottle_app")],
                                      ScanOptions(jobs=1, enabled_rules=frozenset(ROUTE_RULE_IDS))).routes.routes}
    assert set(routes) == {"/dashboard", "/settings", "/health"}
    assert routes["/dashboard"].handler == "views.dashboard"  # the callback imported from another module
    for rule in routes:
        assert [(g.kind, g.level, g.line) for g in routes[rule].guards] == [("hook", "authenticated", 10)]
