"""The template readers (raw outputs of Jinja2 and Django templates), the walk's template files, and the link
from render calls to template lines, including what a report carries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.inputs.files import collect
from pillarscan.templates import MAX_TEMPLATE_BYTES, analyse, guess_dialect
from pillarscan.templates.django import analyse_django, split_filters, tokenize
from pillarscan.templates.jinja import analyse_jinja


def raw(facts) -> set[tuple[int, str]]:
    return {(o.line, o.var) for o in facts.outputs}


# --- Jinja2 -------------------------------------------------------------------------------------------------

def test_jinja_safe_filter_and_escaping_order() -> None:
    facts = analyse_jinja("t.html", "{{ a|safe }}\n{{ b|e|safe }}\n{{ c|safe|e }}\n{{ d|safe|length }}\n{{ 'k'|safe }}")
    assert raw(facts) == {(1, "a"), (3, "c")}


def test_jinja_autoescape_block_and_filter_block() -> None:
    facts = analyse_jinja("t.html", "{% autoescape false %}\n{{ a }}{{ b|e }}\n{% endautoescape %}{{ c }}\n"
                                    "{% filter safe %}{{ d }}{% endfilter %}")
    assert raw(facts) == {(2, "a")}  # Jinja2 escapes a filter block's outputs before the filter runs


def test_jinja_contexts_where_escaping_does_not_protect() -> None:
    text = ('<script>var a = {{ js }}; var s = "{{ quoted }}"; var j = {{ data|tojson }};</script>\n'
            '<a href="{{ url }}">x</a><a href="/u/{{ later }}">y</a>\n'
            '<b onclick="go(\'{{ ev }}\')" title={{ unq }} class="{{ fine }}">{{ text }}</b>\n')
    facts = analyse_jinja("t.html", text)
    assert raw(facts) == {(1, "js"), (2, "url"), (3, "ev"), (3, "unq")}
    why = {o.var: o.why for o in facts.outputs}
    assert "script" in why["js"] and "javascript:" in why["url"] and "event-handler" in why["ev"]


def test_jinja_loop_and_set_variables_lead_back_to_the_context() -> None:
    text = ("{% for c in comments %}{{ c.body|safe }}{% endfor %}\n{% set t = page.title %}{{ t|safe }}\n"
            "{% macro m(x) %}{{ x|safe }}{% endmacro %}")
    assert raw(analyse_jinja("t.html", text)) == {(1, "comments.body"), (2, "page.title")}


def test_jinja_includes_and_parse_errors() -> None:
    facts = analyse_jinja("t.html", '{% extends "base.html" %}{% include "a.html" %}{% import "m.html" as m %}')
    assert facts.includes == ["base.html", "a.html", "m.html"]
    broken = analyse_jinja("t.html", "{% if %}")
    assert broken.error.startswith("template not parsed as Jinja2") and not broken.outputs
    tolerant = analyse("t.html", "{% cache 1 %}{% autoescape false %}{{ a }}{% endautoescape %}", dialect="jinja")
    assert tolerant.error and raw(tolerant) == {(1, "a")}


# --- Django -------------------------------------------------------------------------------------------------

def test_django_tokenize_follows_djangos_lexer() -> None:
    tokens = tokenize("a\n{{ x }}{% verbatim %}{{ y }}{% endverbatim %}\n{# c #}{% if z %}")
    assert [(k, c, line) for k, c, line, _ in tokens] == [
        ("text", "a\n", 1), ("var", "x", 2), ("block", "verbatim", 2), ("text", "{{ y }}", 2),
        ("text", "\n", 2), ("comment", "c", 3), ("block", "if z", 3)]
    assert split_filters('v.x|default:"a|b"|safe') == ("v.x", ["safe", "default"])


def test_django_raw_outputs() -> None:
    text = ("{% load static %}{{ a|safe }}{{ b|escape|safe }}\n{% autoescape off %}{{ c }}{{ d|force_escape }}"
            "{% autoescape on %}{{ e }}{% endautoescape %}{{ f }}{% endautoescape %}\n"
            "{% comment %}{{ g|safe }}{% endcomment %}{% verbatim %}{{ h|safe }}{% endverbatim %}\n"
            "{% for i in items %}{{ i.x|safe }}{% endfor %}{% with n=user.name %}{{ n|safe }}{% endwith %}"
            "{{ l|safeseq|join:', ' }}{{ 'k'|safe }}")
    facts = analyse_django("t.html", text)
    assert raw(facts) == {(1, "a"), (2, "c"), (2, "f"), (4, "items.x"), (4, "user.name"), (4, "l")}


def test_dialect_from_the_text_and_fallback_to_django() -> None:
    assert guess_dialect("{% load static %}{{ x }}") == "django"
    assert guess_dialect("{{ x|date:'Y' }}") == "django"
    assert guess_dialect("{{ x|safe }}") == "jinja"
    facts = analyse("t.html", "{% url 'home' %}{{ x|safe }}", dialect="jinja")  # not Jinja2: read as Django
    assert facts.dialect == "django" and raw(facts) == {(1, "x")}


def test_request_data_read_by_the_template() -> None:
    facts = analyse_jinja("t.html", "{{ request.args.q|safe }}{{ request.user.username|safe }}{{ page.x|safe }}")
    kinds = {o.var: (o.from_request(), o.from_signed_in_user()) for o in facts.outputs}
    assert kinds == {"request.args.q": (True, False), "request.user.username": (False, True),
                     "page.x": (False, False)}


# --- the walk -----------------------------------------------------------------------------------------------

def test_walk_hands_over_template_files(tmp_path: Path) -> None:
    (tmp_path / "app" / "templates" / "mail").mkdir(parents=True)
    (tmp_path / "app" / "views.py").write_text("x = 1\n")
    for name in ("page.html", "part.j2", "mail/body.txt", "feed.xml", "skip.html"):
        (tmp_path / "app" / "templates" / name).write_text("{{ x }}\n")
    (tmp_path / "README.txt").write_text("not a template\n")
    (tmp_path / "docs.html").write_text("<p>a page</p>\n")
    (tmp_path / ".gitignore").write_text("skip.html\n")
    (tmp_path / ".git").mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.html"
    outside.write_text("{{ x|safe }}\n")
    os.symlink(outside, tmp_path / "app" / "templates" / "linked.html")
    templates: list = []
    files, diagnostics = collect([str(tmp_path)], ["feed.xml"], templates)
    names = sorted(os.path.relpath(t.path, tmp_path) for t in templates)
    assert names == ["app/templates/mail/body.txt", "app/templates/page.html", "app/templates/part.j2", "docs.html"]
    assert [os.path.relpath(f.path, tmp_path) for f in files] == ["app/views.py"]
    assert [os.path.relpath(d.path, tmp_path) for d in diagnostics] == ["app/templates/linked.html"]
    assert collect([str(tmp_path)])[0] == files  # without the list, the walk is what it was


FLASK_VIEW = '''from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/")
def index():
    return render_template("index.html", q=request.args.get("q"))
'''


def _project(tmp_path: Path, template: bytes) -> Path:
    (tmp_path / "templates").mkdir(parents=True)
    (tmp_path / "app.py").write_text(FLASK_VIEW)
    (tmp_path / "templates" / "index.html").write_bytes(template)
    return tmp_path


def test_unparseable_and_oversized_templates_are_diagnostics(tmp_path: Path) -> None:
    broken = _project(tmp_path / "a", b"{% cache 60 %}{{ q }}{% endcache %}\n{{ q|safe }}")
    result = scan([str(broken)], ScanOptions(jobs=1))  # an extension's tag: Jinja2 refuses, the lexer reads on
    assert [(f.rule_id, f.location.line) for f in result.findings] == [("template-raw-output", 2)]
    assert any(d.path.endswith("index.html") and "not parsed as Jinja2" in d.reason and "tolerant lexer" in d.reason
               for d in result.diagnostics)
    big = _project(tmp_path / "b", b"{{ q|safe }}" + b" " * MAX_TEMPLATE_BYTES)
    result = scan([str(big)], ScanOptions(jobs=1))
    assert not result.findings
    assert any(d.path.endswith("index.html") and "larger than" in d.reason for d in result.diagnostics)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_reports_carry_the_template_file(tmp_path: Path, fmt: str) -> None:
    from pillarscan.reports import Review, render
    from pillarscan.rules.registry import all_rules

    project = _project(tmp_path, b"<p>{{ q }}</p>\n<p>{{ q|safe }}</p>\n")
    result = scan([str(project)], ScanOptions(jobs=1))
    [finding] = result.findings
    assert (finding.rule_id, finding.cwe, finding.location.line) == ("template-raw-output", 79, 2)
    assert finding.location.path.endswith("index.html") and not finding.link
    assert [s.location.path.rsplit("/", 1)[-1] for s in finding.trace] == ["app.py", "app.py", "index.html"]
    doc = json.loads(render(fmt, Review(result=result, rules=all_rules())))
    assert "templates/index.html" in json.dumps(doc)
