"""CWE-707 Improper Neutralization (pattern part): output encoding switched off or applied in the wrong place.

Whether *user data* reaches an unescaped sink is the taint rules' job; these rules catch the configurations and
API misuses that break escaping for every value, whatever its source.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..findings import Confidence
from .common import is_false, is_true
from .registry import Hit, pattern_rule

# --- CWE-116 template autoescaping off -------------------------------------------------------------------------

_AUTOESCAPE_OFF_BY_DEFAULT = frozenset({"jinja2.Environment", "jinja2.environment.Environment",
                                        "jinja2.sandbox.SandboxedEnvironment"})
_AUTOESCAPE_EXPLICIT_ONLY = frozenset({"jinja2.Template", "django.template.Engine", "django.template.engine.Engine",
                                       "aiohttp_jinja2.setup"})


@pattern_rule(
    id="template-autoescape-disabled", cwe=116, severity="high", confidence="high",
    title="Template autoescaping disabled",
    message="With autoescaping off every {{ value }} is written into the page as raw HTML, so any value that "
            "ever contains user text becomes cross-site scripting.",
    fix="Create the environment with autoescape=select_autoescape(['html', 'xml']) (or autoescape=True) and mark "
        "the few trusted fragments explicitly with Markup.",
    nodes=(ast.Call, ast.Assign),
    requires_words=("autoescape", "Environment", "Template", "Engine"),
)
def template_autoescape_disabled(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.Assign):
        if is_false(node.value) and any(
                isinstance(t, ast.Attribute) and t.attr == "autoescape" for t in node.targets):
            yield Hit(node)
        elif any(isinstance(t, ast.Name) and t.id == "TEMPLATES" for t in node.targets):
            yield from _django_templates_setting(node.value)
        return
    name = ctx.call_name(node)
    if name not in _AUTOESCAPE_OFF_BY_DEFAULT and name not in _AUTOESCAPE_EXPLICIT_ONLY:
        return
    setting = ctx.kwarg(node, "autoescape")
    if setting is not None:
        if is_false(setting):
            yield Hit(node)
    elif name in _AUTOESCAPE_OFF_BY_DEFAULT and not any(kw.arg is None for kw in node.keywords):
        # Omitted: off by default, but the environment may render text that is not HTML (emails, config); in a
        # module that serves no web page (a config-file generator), most likely the latter
        web = any(ctx.names.imports_module(fw) for fw in _WEB_FRAMEWORKS)
        yield Hit(node, confidence=Confidence.MEDIUM if web else Confidence.LOW,
                  message="jinja2.Environment escapes nothing unless autoescape is set, so every {{ value }} in an "
                          "HTML template is written raw and user text in it becomes cross-site scripting.")


_WEB_FRAMEWORKS = ("flask", "django", "fastapi", "starlette", "aiohttp", "tornado", "falcon", "pyramid", "bottle",
                   "sanic", "quart", "cherrypy", "webob", "werkzeug", "aiohttp_jinja2")


def _django_templates_setting(value: ast.AST) -> Iterator[Hit]:
    """Django's ``TEMPLATES = [{"BACKEND": ..., "OPTIONS": {"autoescape": False}}]``: every template of that
    engine renders unescaped."""
    for node in ast.walk(value):
        if isinstance(node, ast.Dict):
            for key, item in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "autoescape" and is_false(item):
                    yield Hit(item, message="The Django template engine is configured with autoescape off, so every "
                                            "{{ value }} in its templates is written into the page as raw HTML.")


# --- CWE-79 format_html given an already formatted string ------------------------------------------------------

_ESCAPERS = frozenset({"django.utils.html.escape", "django.utils.html.conditional_escape", "html.escape",
                       "markupsafe.escape", "flask.escape", "jinja2.escape", "django.utils.html.format_html",
                       "builtins.int", "builtins.len", "builtins.float", "builtins.round", "builtins.bool"})


def _is_harmless(node: ast.AST, ctx) -> bool:
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, ast.Call) and ctx.call_name(node) in _ESCAPERS


def _preformatted(node: ast.AST, ctx) -> bool:
    """True for an f-string, ``'...'.format(x)``, ``'...' % x`` or ``'...' + x`` that splices in a value."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) and not _is_harmless(v.value, ctx) for v in node.values)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return any(not _is_harmless(a, ctx) for a in node.args) or any(
            not _is_harmless(k.value, ctx) for k in node.keywords)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
            and isinstance(node.left.value, str):
        parts = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return any(not _is_harmless(p, ctx) for p in parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        sides = (node.left, node.right)
        has_text = any(isinstance(s, ast.Constant) and isinstance(s.value, str) or _preformatted(s, ctx)
                       for s in sides)
        return has_text and any(not _is_harmless(s, ctx) and not ctx.is_constant_string_expr(s) for s in sides)
    return False


@pattern_rule(
    id="format-html-preformatted", cwe=79, severity="high", confidence="high",
    title="format_html() given an already formatted string",
    message="format_html escapes only the arguments it is given; a string formatted beforehand (f-string, "
            ".format, %, +) reaches it with its values unescaped and is then marked safe.",
    fix="Pass the values as arguments: format_html('<b>{}</b>', name), never format_html(f'<b>{name}</b>').",
    requires_words=("format_html",),
)
def format_html_preformatted(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.call_name(node) not in ("django.utils.html.format_html", "django.utils.html.format_html_join"):
        return
    index = 1 if ctx.call_name(node).endswith("_join") else 0
    template = ctx.arg(node, index, "format_string")
    if template is not None and _preformatted(template, ctx):
        yield Hit(node)


# --- CWE-838 escaping that does not fit where the value lands --------------------------------------------------

_QUOTELESS_ESCAPES = frozenset({"xml.sax.saxutils.escape", "cgi.escape"})
_HTML_ESCAPES = frozenset({"html.escape", "django.utils.html.escape", "django.utils.html.conditional_escape",
                           "markupsafe.escape", "flask.escape", "xml.sax.saxutils.escape", "cgi.escape"})
_IN_TAG = re.compile(r"<[A-Za-z][^<>]*$")
_QUOTED_ATTR = re.compile(r"""=\s*(["'])[^"']*$""")
_UNQUOTED_ATTR = re.compile(r"=\s*$")


def _escaper_kind(node: ast.AST, ctx) -> str | None:
    """'html-noquote' (leaves quotes alone), 'html' (full HTML escaping), 'shell' or None."""
    if not isinstance(node, ast.Call):
        return None
    name = ctx.call_name(node)
    if name == "shlex.quote" or name == "pipes.quote":
        return "shell"
    if name not in _HTML_ESCAPES:
        return None
    if name == "html.escape":
        quote = ctx.arg(node, 1, "quote")
        return "html-noquote" if is_false(quote) else "html"
    if name == "cgi.escape":
        quote = ctx.arg(node, 1, "quote")
        return "html" if is_true(quote) else "html-noquote"
    if name == "xml.sax.saxutils.escape":
        entities = ctx.literal(ctx.arg(node, 1, "entities"), None)
        return "html" if isinstance(entities, dict) and '"' in entities and "'" in entities else "html-noquote"
    return "html"


def _segments(node: ast.AST, ctx) -> list[tuple[str, ast.AST]] | None:
    """(text before the value, value) for each value spliced into an f-string or a '...%s...' % (...) string."""
    if isinstance(node, ast.JoinedStr):
        out, text = [], ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
            elif isinstance(part, ast.FormattedValue):
                out.append((text, part.value))
                text += "\0"
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
            and isinstance(node.left.value, str):
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        pieces = re.split(r"%[-#0 +]*\d*(?:\.\d+)?[sdr]", node.left.value.replace("%%", "\1"))
        if len(pieces) - 1 != len(values):
            return None
        out, text = [], ""
        for piece, value in zip(pieces, values):
            text += piece
            out.append((text, value))
            text += "\0"
        return out
    return None


@pattern_rule(
    id="escaping-wrong-context", cwe=838, severity="medium", confidence="high",
    title="Value escaped for the wrong output context",
    message="The escaping used does not cover where the value lands: an escaper that leaves quotes alone inside "
            "a quoted attribute, any HTML escaping in an unquoted attribute, or shlex.quote inside double quotes "
            "(where $(...) still runs), so the value can break out.",
    fix="Quote attributes and use a quote-aware escaper (html.escape(value) with its default quote=True, "
        "xml.sax.saxutils.quoteattr); put shlex.quote() output outside any quotes, or pass an argument list.",
    nodes=(ast.JoinedStr, ast.BinOp),
)
def escaping_wrong_context(node: ast.AST, ctx) -> Iterator[Hit]:
    segments = _segments(node, ctx)
    if not segments:
        return
    for before, value in segments:
        kind = _escaper_kind(value, ctx)
        if kind is None:
            continue
        if kind == "shell":
            if before.replace('\\"', "").count('"') % 2 == 1:
                yield Hit(node)
                return
            continue
        if not _IN_TAG.search(before):
            continue
        if _UNQUOTED_ATTR.search(before) or (kind == "html-noquote" and _QUOTED_ATTR.search(before)):
            yield Hit(node)
            return


# --- CWE-95 Python 2's input() ---------------------------------------------------------------------------------

@pattern_rule(
    id="python2-input-evaluated", cwe=95, severity="high", confidence="high",
    title="Python 2 input() evaluates what is typed",
    message="In Python 2, input() runs eval() on the text typed at the prompt, so whoever answers it can run "
            "any Python expression (__import__('os').system(...)) where the program expected a number or a word.",
    fix="Read text with raw_input() and convert it explicitly (int(raw_input(...))), or port the script to "
        "Python 3, where input() returns the text.",
    nodes=(ast.Call,),
    requires_words=("input",),
)
def python2_input_evaluated(node: ast.Call, ctx) -> Iterator[Hit]:
    """A Python 2 file is read through its conversion to Python 3 (python/recover.py), which writes the
    evaluation out as ``eval(input(...))``; the file's own line says ``input(`` without ``eval``, and that
    difference is what marks the implicit evaluation (an explicit ``eval(raw_input())`` is the author's intent)."""
    if ctx.call_name(node) != "builtins.eval" or len(node.args) != 1:
        return
    inner = node.args[0]
    if not (isinstance(inner, ast.Call) and ctx.call_name(inner) == "builtins.input"):
        return
    line = ctx.lines[node.lineno - 1] if 0 < node.lineno <= len(ctx.lines) else ""
    if "eval" not in line and "input" in line:
        yield Hit(node)
