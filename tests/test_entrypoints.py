"""Entry points as data: [[entrypoint]] tables are checked like the other model tables, URL rules say which
variables they constrain, a user's table makes its framework's handlers entry points, and a URLconf edited in
one module changes another module's findings on a cached re-scan exactly as on a cold one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.python.entrypoints import rule_params
from pillarscan.python.models import ModelError, check_models


@pytest.mark.parametrize("entry, message", [
    ({"framework": "acme", "decorators": ["handler"], "param": "url"}, "unknown key 'param'"),
    ({"decorators": ["handler"]}, "missing key 'framework'"),
    ({"framework": "acme", "decorators": ["handler"], "params": "some"}, "'entrypoint[0].params': must be one of"),
    ({"framework": "acme"}, "says nothing that makes an entry point"),
    ({"framework": "acme", "decorators": "handler"}, "'entrypoint[0].decorators': must be a list of strings"),
    ({"framework": "acme", "bases": ["acme.Handler"], "skip": "1"}, "'entrypoint[0].skip': must be an integer"),
])
def test_a_bad_entrypoint_table_names_the_key(entry, message):
    with pytest.raises(ModelError) as info:
        check_models({"entrypoint": [entry]}, "models.toml:")
    assert message in str(info.value)


def test_a_good_entrypoint_table_passes():
    check_models({"entrypoint": [{"framework": "acme", "imports": ["acme"], "decorators": ["handler"],
                                  "not_inputs": ["ctx"], "params": "all"}]}, "models.toml:")


@pytest.mark.parametrize("rule, syntax, names, constrained", [
    ("/users/<int:uid>/<name>", "flask", {"uid", "name"}, {"uid"}),
    ("/t/<uuid:token>/<path:rest>", "flask", {"token", "rest"}, {"token"}),
    ("/items/<item_id:int>/<slug>", "bottle", {"item_id", "slug"}, {"item_id"}),
    ("notes/<int:pk>/<slug:slug>/", "django", {"pk", "slug"}, {"pk"}),
    (r"^tags/(?P<tag_id>\d+)/(?P<year>[0-9]{4})/$", "django", {"tag_id", "year"}, {"tag_id", "year"}),
    (r"^authors/(?P<author>[^/]+)/(?P<code>[\w-]+)/$", "django", {"author", "code"}, set()),
])
def test_url_rules_say_which_variables_admit_only_digits_or_uuids(rule, syntax, names, constrained):
    assert rule_params(rule, syntax) == (frozenset(names), frozenset(constrained))


ACME_APP = '''import os

import acme

FILES = "/srv/files"


@acme.handler("/files")
def download(ctx, name):
    with open(os.path.join(FILES, name)) as fh:
        return fh.read()


def helper(ctx, name):
    with open(os.path.join(FILES, name)) as fh:
        return fh.read()
'''


def test_a_users_entrypoint_table_makes_its_handlers_entry_points(tmp_path):
    (tmp_path / "app.py").write_text(ACME_APP)
    models = tmp_path / "acme.toml"
    models.write_text('[[entrypoint]]\nframework = "acme"\nimports = ["acme"]\ndecorators = ["handler"]\n'
                      'not_inputs = ["ctx"]\nparams = "url"\ndesc = "Acme request argument"\n')
    plain = scan([str(tmp_path / "app.py")], ScanOptions(jobs=1))
    assert [f for f in plain.findings if f.cwe == 22] == []
    modelled = scan([str(tmp_path / "app.py")], ScanOptions(jobs=1, extra_models=(str(models),)))
    flows = [f for f in modelled.findings if f.cwe == 22]
    assert [f.location.line for f in flows] == [10]
    assert flows[0].trace[0].note == "source: Acme request argument 'name'"


VIEWS = '''from django.db import connection
from django.http import JsonResponse


def report(request, name):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM reports WHERE name = '{name}'")
        return JsonResponse({"rows": cursor.fetchall()})


def other(request):
    return JsonResponse({})
'''
URLS_ROUTED = '''from django.urls import path

from . import views

urlpatterns = [path("reports/<str:name>/", views.report), path("other/", views.other)]
'''
URLS_INT = URLS_ROUTED.replace("<str:name>", "<int:name>")
URLS_UNROUTED = '''from django.urls import path

from . import views

urlpatterns = [path("other/", views.other)]
'''


def _write(path: Path, text: str, tick=iter(range(1, 10**6))) -> None:
    path.write_text(text)
    when = time.time() - 300 + next(tick)
    os.utime(path, (when, when))


def _sql(tree: Path, cache: Path | None) -> list[int]:
    result = scan([str(tree)], ScanOptions(jobs=1, cache_dir=None if cache is None else str(cache)))
    return sorted(f.location.line for f in result.findings if f.cwe == 89)


def test_a_urlconf_edit_in_one_module_settles_the_views_of_another_on_a_cached_rescan(tmp_path):
    tree, cache = tmp_path / "tree", tmp_path / "cache"
    app = tree / "reports"
    app.mkdir(parents=True)
    _write(app / "__init__.py", "")
    _write(app / "views.py", VIEWS)
    _write(app / "urls.py", URLS_ROUTED)
    assert _sql(tree, cache) == [7]  # routed with a free <str:> argument
    _write(app / "urls.py", URLS_INT)
    assert _sql(tree, cache) == [] == _sql(tree, None)  # <int:> admits no SQL
    _write(app / "urls.py", URLS_UNROUTED)
    assert _sql(tree, cache) == [] == _sql(tree, None)  # not routed: a helper, whatever it looks like
    _write(app / "urls.py", URLS_ROUTED)
    assert _sql(tree, cache) == [7] == _sql(tree, None)


SPEC_YAML = '''paths:
  /a:
    get:
      operationId: api.items.listing  # the handler
  /b:
    x-openapi-router-controller: api.orders
    get:
      operationId: "show"
    post:
      operationId: create
  /c:
    get:
      operationId: bare
'''
SPEC_JSON = '''{"paths": {"/a": {"get": {"operationId": "api.items.listing"}},
 "/b": {"x-openapi-router-controller": "api.orders", "get": {"operationId": "show"}}}}'''


def test_openapi_specs_name_their_handlers_yaml_by_lines_json_parsed(tmp_path):
    from pillarscan.python.entrypoints import openapi_operations

    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "openapi.yaml").write_text(SPEC_YAML)
    (tmp_path / "other.json").write_text(SPEC_JSON)
    (tmp_path / "data.json").write_text('{"operations": 3}')
    assert openapi_operations([str(tmp_path)]) == ("api.items.listing", "api.orders.create", "api.orders.show")
