"""Django templates, read with a lexer that follows Django's own (``django.template.base.Lexer``): the template is
split by the one regular expression Django uses for ``{% %}``, ``{{ }}`` and ``{# #}`` (tags never span lines),
``{% verbatim %}`` blocks are text up to their matching ``{% endverbatim %}``, and ``{% comment %}`` blocks are
skipped as Django's parser skips them. Django is not a dependency; nothing is rendered.

Raw outputs: ``{{ x|safe }}`` / ``|safeseq`` (unless escaped first), any output inside ``{% autoescape off %}``,
and outputs where escaping does not protect (``html.py``). (``{% filter safe %}`` is refused by Django itself.)
"""

from __future__ import annotations

import re

from . import RawOutput, TemplateFacts, context_escaped, filter_verdict
from .html import HtmlContext

TAG_RE = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")  # django.template.base.tag_re
_PATH = re.compile(r"^[A-Za-z_][\w]*(?:\.\w+)*$")
_QUOTED = re.compile(r"""^(?:"[^"]*"|'[^']*')""")


def tokenize(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, contents, line, column) with kind "text", "var", "block" or "comment", as Django's Lexer does."""
    tokens: list[tuple[str, str, int, int]] = []
    line, col_base = 1, 0
    verbatim: str | None = None
    offset = 0
    for bit in TAG_RE.split(text):
        if bit:
            column = offset - col_base
            if verbatim is not None:
                if bit.startswith("{%") and bit[2:-2].strip() == verbatim:
                    verbatim = None
                else:
                    tokens.append(("text", bit, line, column))
            elif bit.startswith("{%") and bit.endswith("%}"):
                contents = bit[2:-2].strip()
                if contents[:8] == "verbatim":
                    verbatim = "end" + contents
                tokens.append(("block", contents, line, column))
            elif bit.startswith("{{") and bit.endswith("}}"):
                tokens.append(("var", bit[2:-2].strip(), line, column))
            elif bit.startswith("{#") and bit.endswith("#}"):
                tokens.append(("comment", bit[2:-2].strip(), line, column))
            else:
                tokens.append(("text", bit, line, column))
            newlines = bit.count("\n")
            if newlines:
                line += newlines
                col_base = offset + bit.rfind("\n") + 1
            offset += len(bit)
    return tokens


def split_filters(contents: str) -> tuple[str, list[str]]:
    """``user.bio|default:"-"|safe`` → ("user.bio", ["default", "safe"]); quotes may hold ``|``."""
    parts, current, quote = [], [], ""
    for c in contents:
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "|":
            parts.append("".join(current))
            current = []
            continue
        current.append(c)
    parts.append("".join(current))
    base = parts[0].strip()
    names = [p.split(":", 1)[0].strip() for p in parts[1:]]
    return base, list(reversed(names))  # outermost first


def _base_path(base: str) -> str | None:
    if _PATH.match(base) and not base.replace(".", "").isdigit():
        return base
    return None


def analyse_django(path: str, text: str) -> TemplateFacts:
    facts = TemplateFacts(path, "django")
    html = HtmlContext()
    autoescape = [True]
    aliases: list[dict] = [{}]
    skipping = False  # inside {% comment %}
    for kind, contents, line, column in tokenize(text):
        if skipping:
            if kind == "block" and contents == "endcomment":
                skipping = False
            continue
        if kind == "text":
            html.feed(contents)
        elif kind == "var":
            _output(facts, html, contents, line, column, autoescape[-1], aliases[-1])
        elif kind == "block":
            words = contents.split()
            if not words:
                continue
            tag = words[0]
            if tag == "comment":
                skipping = True
            elif tag == "autoescape" and len(words) > 1:
                autoescape.append(words[1] not in ("off", "false", "False"))  # Jinja2's spelling, when it falls back
            elif tag == "endautoescape" and len(autoescape) > 1:
                autoescape.pop()
            elif tag == "for" and "in" in words:
                at = words.index("in")
                targets = [t.strip(",") for t in " ".join(words[1:at]).split(",")]
                source = _resolve(_base_path(split_filters(words[at + 1])[0]) if at + 1 < len(words) else None,
                                  aliases[-1])
                scope = dict(aliases[-1])
                for t in targets:
                    if t:
                        scope[t.strip()] = source
                aliases.append(scope)
            elif tag == "with":
                scope = dict(aliases[-1])
                rest = words[1:]
                if len(rest) == 3 and rest[1] == "as":
                    scope[rest[2]] = _resolve(_base_path(split_filters(rest[0])[0]), aliases[-1])
                else:
                    for item in rest:
                        name, eq, value = item.partition("=")
                        if eq:
                            scope[name] = _resolve(_base_path(split_filters(value)[0]), aliases[-1])
                aliases.append(scope)
            elif tag in ("endfor", "endwith") and len(aliases) > 1:
                aliases.pop()
            elif tag in ("extends", "include") and len(words) > 1:
                name = _QUOTED.match(words[1])
                if name:
                    facts.includes.append(name.group(0)[1:-1])
    return facts


def _resolve(path: str | None, aliases: dict) -> list[str]:
    if path is None:
        return []
    root, _, rest = path.partition(".")
    if root in aliases:
        return [f"{base}.{rest}" if rest else base for base in aliases[root]]
    return [path]


def _output(facts: TemplateFacts, html: HtmlContext, contents: str, line: int, column: int, autoescape: bool,
            aliases: dict) -> None:
    base, filters = split_filters(contents)
    why = filter_verdict(filters, autoescape, "{% autoescape off %}")
    path = _base_path(base)
    context = html.unprotected()
    if not why and context and path is not None and not context_escaped(filters):
        why = context
    html.output()
    if why and path is not None:
        for var in _resolve(path, aliases):
            facts.outputs.append(RawOutput(line, column, var, why))
