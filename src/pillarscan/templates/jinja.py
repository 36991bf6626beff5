"""Jinja2 templates, read with Jinja2's own parser: ``Environment().parse`` builds the syntax tree and nothing is
compiled, rendered or executed. The tree is walked in source order, with the literal text fed to the HTML
context tracker, so each output knows whether autoescaping protects it where it lands.

Raw outputs: ``{{ x|safe }}`` (unless escaped first: ``x|e|safe``), any output inside ``{% autoescape false %}``
(unless filtered through ``e``/``escape``/``tojson``…), and outputs where escaping does not protect (``html.py``).
``{% filter safe %}`` is not one: Jinja2 escapes the block's outputs before the filter sees the text.
"""

from __future__ import annotations

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateError

from . import RawOutput, TemplateFacts, context_escaped, filter_verdict
from .html import HtmlContext

_ENV = None


def _environment() -> Environment:
    """One parser for the process. The default extensions only: ``{% do %}``/``{% trans %}`` templates (rare in
    HTML) are a parse error reported as a diagnostic, never a crash."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols", "jinja2.ext.i18n"])
    return _ENV


def analyse_jinja(path: str, text: str) -> TemplateFacts:
    facts = TemplateFacts(path, "jinja")
    try:
        tree = _environment().parse(text)
    except TemplateError as exc:
        facts.error = f"template not parsed as Jinja2 ({type(exc).__name__}: {exc})"
        return facts
    except (RecursionError, MemoryError, ValueError) as exc:
        facts.error = f"template not parsed as Jinja2 ({type(exc).__name__})"
        return facts
    _Walker(facts, text).body(tree.body, autoescape=True, aliases={})
    return facts


def _path(expr: nodes.Node) -> str | None:
    """``user.profile.bio`` for Name/Getattr/Getitem-with-constant chains; None for anything else."""
    parts: list[str] = []
    while True:
        if isinstance(expr, nodes.Name):
            parts.append(expr.name)
            return ".".join(reversed(parts))
        if isinstance(expr, nodes.Getattr):
            parts.append(expr.attr)
        elif isinstance(expr, nodes.Getitem) and isinstance(expr.arg, nodes.Const) and isinstance(expr.arg.value, str):
            parts.append(expr.arg.value)
        elif isinstance(expr, nodes.Getitem):
            pass  # x[i]: an element of x
        else:
            return None
        expr = expr.node


def _paths(expr: nodes.Node) -> list[str]:
    """Every variable chain an expression reads (``a ~ b.c`` reads ``a`` and ``b.c``)."""
    direct = _path(expr)
    if direct is not None:
        return [direct]
    out: list[str] = []
    for child in expr.iter_child_nodes():
        if isinstance(child, nodes.Expr):
            out.extend(_paths(child))
    return out


def _targets(target: nodes.Node) -> list[nodes.Name]:
    """The names a ``for``/``set``/``with`` target binds (``x``, or ``k, v``)."""
    return [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))


class _Walker:
    def __init__(self, facts: TemplateFacts, text: str):
        self.facts = facts
        self.lines = text.splitlines()
        self.html = HtmlContext()

    def body(self, body: list, autoescape: bool, aliases: dict) -> None:
        for node in body:
            autoescape = self.node(node, autoescape, aliases)

    def node(self, node: nodes.Node, autoescape: bool, aliases: dict) -> bool:  # noqa: C901 - one case per tag
        """Walk one statement; returns the autoescape setting in force after it (``EvalContextModifier``)."""
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    self.html.feed(child.data)
                else:
                    self.output(child, autoescape, aliases)
        elif isinstance(node, nodes.For):
            inner = dict(aliases)
            sources = self.resolve(_paths(node.iter), aliases)
            for name in _targets(node.target):
                inner[name.name] = sources
            self.body(node.body, autoescape, inner)
            self.body(node.else_, autoescape, aliases)
        elif isinstance(node, nodes.If):
            self.body(node.body, autoescape, aliases)
            for elif_ in node.elif_:
                self.body(elif_.body, autoescape, aliases)
            self.body(node.else_, autoescape, aliases)
        elif isinstance(node, nodes.Assign):
            sources = self.resolve(_paths(node.node), aliases)
            for name in _targets(node.target):
                aliases[name.name] = sources
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, autoescape, aliases)
        elif isinstance(node, nodes.With):
            inner = dict(aliases)
            for target, value in zip(node.targets, node.values):
                for name in _targets(target):
                    inner[name.name] = self.resolve(_paths(value), aliases)
            self.body(node.body, autoescape, inner)
        elif isinstance(node, nodes.Macro):
            inner = dict(aliases)
            for arg in node.args:
                inner[arg.name] = []  # a macro's parameter: what the caller passes, not a context variable
            self.body(node.body, autoescape, inner)
        elif isinstance(node, nodes.ScopedEvalContextModifier):
            self.body(node.body, self.modified(node, autoescape), aliases)
        elif isinstance(node, nodes.EvalContextModifier):
            return self.modified(node, autoescape)
        elif isinstance(node, (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            template = node.template
            if isinstance(template, nodes.Const) and isinstance(template.value, str):
                self.facts.includes.append(template.value)
            elif isinstance(template, (nodes.List, nodes.Tuple)):
                self.facts.includes.extend(i.value for i in template.items
                                           if isinstance(i, nodes.Const) and isinstance(i.value, str))
        elif isinstance(node, (nodes.Block, nodes.Scope, nodes.FilterBlock, nodes.CallBlock)):
            self.body(node.body, autoescape, aliases)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    autoescape = self.node(child, autoescape, aliases)
        return autoescape

    @staticmethod
    def modified(node: nodes.Node, autoescape: bool) -> bool:
        for option in node.options:
            if option.key == "autoescape" and isinstance(option.value, nodes.Const):
                return bool(option.value.value)
        return autoescape

    @staticmethod
    def resolve(paths: list[str], aliases: dict) -> list[str]:
        """Rewrite loop and ``set`` variables to the context variables they come from."""
        out: list[str] = []
        for path in paths:
            root, _, rest = path.partition(".")
            if root in aliases:
                out.extend(f"{base}.{rest}" if rest else base for base in aliases[root])
            else:
                out.append(path)
        return out

    def output(self, expr: nodes.Expr, autoescape: bool, aliases: dict) -> None:
        filters: list[str] = []
        base = expr
        while isinstance(base, nodes.Filter):
            filters.append(base.name)
            base = base.node
        why = filter_verdict(filters, autoescape, "{% autoescape false %}")
        context = self.html.unprotected()
        if not why and context and _path(base) is not None and not context_escaped(filters):
            why = context
        self.html.output()
        if not why:
            return
        paths = self.resolve(_paths(base), aliases) if why.startswith(("marked", "inside {%")) \
            else self.resolve([_path(base)], aliases)
        line = expr.lineno
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        own = _path(base) or ""
        at = text.find(own.split(".", 1)[0]) if own else -1
        column = max(text.rfind("{{", 0, at) if at >= 0 else text.find("{{"), 0)
        for var in dict.fromkeys(paths):
            self.facts.outputs.append(RawOutput(line, column, var, why))
