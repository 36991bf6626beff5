"""Named sink conditions (``when = "..."`` in models/*.toml): a sink that is dangerous only in some uses of an API
(a shell command, an XML parser without entity protection, an HTML response body).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from ..values import Value
from .knowledge import SHELLS, SHELL_FLAGS
from .syntax import dotted_name

if TYPE_CHECKING:
    from .function import FunctionAnalyzer


def _shell_or_program(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    shell = kwargs.get("shell")
    if shell is not None and not (shell.known and not shell.value):
        return values  # shell=True (or unknown): the whole command string is interpreted by a shell
    command = values[0]
    if "fixed-program" in command.flags:
        return []  # a list whose program is written in the code: its arguments go to that program, not a shell
    if command.items is not None:
        items = command.items
        if not items:
            return []
        first = items[0]
        if first.consts and first.consts <= SHELLS and len(items) > 2 and items[1].consts and \
                items[1].consts <= SHELL_FLAGS:
            return list(items[2:])
        return [first]  # only the program itself; arguments of a fixed program are not a shell
    if command.known or not command.all_taint():
        return []
    return [Value(command.taint)]  # a tainted string is the program path


def _xxe_parser(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    parser = kwargs.get("parser") or (args[1] if len(args) > 1 else None)
    return values[:1] if parser is not None and "xxe" in parser.flags else []


def _lxml_parser(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    parser = kwargs.get("parser") or (args[1] if len(args) > 1 else None)
    if parser is None or "xxe" in parser.flags:
        return values[:1]
    return []


def _unsafe_yaml(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    loader_node = fa.ctx.kwarg(e, "Loader") or (e.args[1] if len(e.args) > 1 else None)
    if loader_node is not None:
        q = fa.ctx.qualname(loader_node) or ""
        if q.rsplit(".", 1)[-1] in {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}:
            return []
    return values[:1]


def _log_message(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    if fa.ctx.call_name(e) == "logging.log" or (isinstance(e.func, ast.Attribute) and e.func.attr == "log"):
        return [args[1]] if len(args) > 1 else []
    return values[:1]


def _url_arg(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    return [v for v in values if "fixed-prefix" not in v.flags]


def _orm_receiver(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    func = e.func
    if isinstance(func, ast.Attribute) and any(isinstance(n, ast.Attribute) and n.attr == "objects"
                                               for n in ast.walk(func.value)):
        return values
    return []


def _ldap_receiver(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    if receiver is not None and any("ldap" in t.lower() for t in receiver.types):
        return values
    name = dotted_name(e.func.value) if isinstance(e.func, ast.Attribute) else None
    if name and "ldap" in name.lower():
        return values
    return []


def _etree_receiver(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    if receiver is not None and any("etree" in t.lower() or "elementtree" in t.lower() for t in receiver.types):
        return values
    return []


def _response_body(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """An HTML response body, unless the response says it is something else (JSON, plain text, CSV): browsers do
    not run script in those, so untrusted data there is not cross-site scripting."""
    if not serves_html(args, kwargs):
        return []
    body = values[0]
    if body.items is not None:
        return body.items[:1]
    return [body]


def serves_html(args: list[Value], kwargs: dict) -> bool:
    """False when a response's ``mimetype``/``content_type`` (by keyword, or Django's second positional argument)
    is written in the code and is not an HTML (or XML/SVG, which can carry script) type."""
    declared = [kwargs[name] for name in ("mimetype", "content_type", "media_type") if name in kwargs]
    if len(args) > 1 and args[1].known and isinstance(args[1].value, str) and "/" in args[1].value:
        declared.append(args[1])
    for value in declared:
        if value.known and isinstance(value.value, str):
            return any(kind in value.value.lower() for kind in ("html", "xml", "svg"))
    return True


def _not_dict(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """Tornado's write(dict) sends JSON: only a string or bytes chunk is HTML."""
    node = e.args[0] if e.args else fa.ctx.kwarg(e, "chunk")
    if isinstance(node, (ast.Dict, ast.DictComp)) or (isinstance(node, ast.Call) and
                                                     fa.ctx.qualname(node.func) == "builtins.dict"):
        return []
    return [v for v in values if v.fields is None or v.items is not None]


def _never(*_args):
    return []


SINK_CONDITIONS: dict[str, Callable] = {
    "shell_or_program": _shell_or_program,
    "xxe_parser": _xxe_parser,
    "lxml_parser": _lxml_parser,
    "unsafe_yaml": _unsafe_yaml,
    "log_message": _log_message,
    "url_arg": _url_arg,
    "orm_receiver": _orm_receiver,
    "ldap_receiver": _ldap_receiver,
    "response_body": _response_body,
    "etree_receiver": _etree_receiver,
    "not_dict": _not_dict,
    "never": _never,
}
