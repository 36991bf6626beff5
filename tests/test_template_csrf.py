"""template-form-without-csrf-token (rules/access_csrf_forms.py): how POST forms are read from template text,
and which applications' forms are holes (the case corpus, tests/cases/access/csrf, has the realistic ones)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.rules.access_csrf_forms import forms


@pytest.mark.parametrize("text, expected", [
    ('<form method="post">{% csrf_token %}</form>', [(1, None, True)]),
    ("<FORM METHOD=POST action='/x'>\n<input></FORM>", [(1, "/x", False)]),
    ('<form action="{{ url_for(\'save\') }}" method = "Post">{{ form.hidden_tag() }}</form>',
     [(1, "{{ url_for('save') }}", True)]),
    ('<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}"></form>',
     [(1, None, True)]),
    ('<form method="get"><input></form>\n<form><input></form>', []),  # not POST: nothing to forge
    ('<!-- <form method="post"></form> -->\n{# <form method="post"> #}\n<form method="post">\n</form>',
     [(3, None, False)]),
    ('{% comment %}<form method="post">{% endcomment %}', []),
    # a form ends at the next one: the second form's token is not the first's
    ('<form method="post"><input>\n<form method="post">{% csrf_token %}</form>', [(1, None, False), (2, None, True)]),
])
def test_forms_are_read_with_their_token_and_action(text, expected):
    assert [(f.line, f.action, f.has_token) for f in forms(text)] == expected


def test_an_include_inside_the_form_may_bring_the_token():
    assert forms('<form method="post">{% include "csrf.html" %}</form>')[0].opaque


@pytest.mark.parametrize("text", ["<form method=post " * 30000, "<!--" * 120000, "{% comment " * 40000,
                                  "<form method=post>" * 28000 + "{{" * 20000])
def test_hostile_templates_are_read_in_linear_time(text):
    start = time.perf_counter()
    forms(text)
    assert time.perf_counter() - start < 3


def _project(root: Path, settings: str, view_decorator: str = "") -> Path:
    (root / "proj").mkdir(parents=True)
    (root / "notes" / "templates" / "notes").mkdir(parents=True)
    (root / "proj" / "__init__.py").write_text("")
    (root / "notes" / "__init__.py").write_text("")
    (root / "proj" / "settings.py").write_text(settings)
    (root / "notes" / "urls.py").write_text(
        "from django.urls import path\n\nfrom notes import views\n\n"
        "urlpatterns = [path(\"notes/add/\", views.add_note, name=\"add_note\")]\n")
    (root / "notes" / "views.py").write_text(
        "from django.contrib.auth.decorators import login_required\n"
        "from django.shortcuts import redirect, render\n"
        "from django.views.decorators.csrf import csrf_exempt\n\n\n"
        f"{view_decorator}@login_required\ndef add_note(request):\n"
        "    if request.method == \"POST\":\n        return redirect(\"/\")\n"
        "    return render(request, \"notes/add.html\")\n")
    (root / "notes" / "templates" / "notes" / "add.html").write_text(
        "<h1>New note</h1>\n<form method=\"post\">\n  <textarea name=\"text\"></textarea>\n</form>\n")
    return root


MIDDLEWARE = ('MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware",\n{csrf}'
              '              "django.contrib.auth.middleware.AuthenticationMiddleware"]\n')
ON = MIDDLEWARE.format(csrf='              "django.middleware.csrf.CsrfViewMiddleware",\n')
OFF = MIDDLEWARE.format(csrf="")


def _form_findings(root: Path) -> list[tuple[str, int]]:
    result = scan([str(root)], ScanOptions(cache_dir=None, jobs=0))
    return [(Path(f.location.path).name, f.location.line) for f in result.findings
            if f.rule_id == "template-form-without-csrf-token"]


def test_django_with_the_middleware_rejects_a_form_without_token(tmp_path):
    assert _form_findings(_project(tmp_path, ON)) == []


def test_django_form_posting_back_to_its_exempt_view_is_one_finding_at_the_exemption(tmp_path):
    result = scan([str(_project(tmp_path, ON, "@csrf_exempt\n"))], ScanOptions(cache_dir=None, jobs=0))
    assert [(f.rule_id, Path(f.location.path).name, f.location.line) for f in result.findings if f.cwe == 352] == \
        [("csrf-protection-disabled", "views.py", 6)]


def test_django_form_posting_back_to_its_exempt_view_without_the_decorator_rule(tmp_path):
    result = scan([str(_project(tmp_path, ON, "@csrf_exempt\n"))],
                  ScanOptions(cache_dir=None, jobs=0, disabled_rules=frozenset({"csrf-protection-disabled"})))
    assert [(f.rule_id, Path(f.location.path).name, f.location.line) for f in result.findings if f.cwe == 352] == \
        [("template-form-without-csrf-token", "add.html", 2)]


def test_django_without_the_middleware_is_reported_once_at_the_settings(tmp_path):
    root = _project(tmp_path, OFF)
    result = scan([str(root)], ScanOptions(cache_dir=None, jobs=0))
    assert {f.rule_id for f in result.findings if f.cwe == 352} == {"csrf-protection-disabled"}


def test_django_without_the_middleware_and_no_other_csrf_rule_reports_the_form(tmp_path):
    root = _project(tmp_path, OFF)
    result = scan([str(root)], ScanOptions(cache_dir=None, jobs=0,
                                           disabled_rules=frozenset({"csrf-protection-disabled"})))
    assert [(Path(f.location.path).name, f.location.line) for f in result.findings if f.cwe == 352] == \
        [("add.html", 2)]
