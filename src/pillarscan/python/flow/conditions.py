"""Named sink conditions (``when = "..."`` in models/*.toml): a sink that is dangerous only in some uses of an API
(a shell command, an XML parser without entity protection, an HTML response body).
"""

from __future__ import annotations

import ast
import os
import re
from typing import TYPE_CHECKING, Callable

from ..values import Taint, Value, cleanse, join_taint
from .knowledge import MONGO_DOCUMENT_READS, PERCENT_SPEC, SHELLS, SHELL_FLAGS, STRUCTURED
from .syntax import dotted_name, passes_starred

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
            return [items[2]]  # the command text; what follows it is $0, $1, ...: arguments, not shell code
        return [first]  # only the program itself; arguments of a fixed program are not a shell
    if command.known or not command.all_taint():
        return []
    return [Value(command.taint)]  # a tainted string is the program path


def _shell_argv(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """``os.execv("/bin/sh", ["sh", "-c", cmd])``, ``os.execl("/bin/sh", "sh", "-c", cmd)``: the program is a
    shell given ``-c``, so the text after it is a shell command (the program itself is the other sink)."""
    if len(args) < 2 or passes_starred(e):
        return []
    argv = args[1].items if args[1].items is not None else tuple(args[1:])
    if len(argv) > 2 and argv[0].consts and {os.path.basename(str(c)) for c in argv[0].consts} <= SHELLS and \
            argv[1].consts and argv[1].consts <= SHELL_FLAGS:
        return [argv[2]]  # the command text; what follows it is $0, $1, ...: arguments, not shell code
    return []


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
    if not serves_html(args, kwargs) or _retyped_later(fa, e):
        return []
    body = values[0]
    if body.items is not None:
        return body.items[:1]
    return [body]


_TYPE_ATTRS = frozenset({"mimetype", "content_type", "media_type"})


def _retyped_later(fa: FunctionAnalyzer, e: ast.Call) -> bool:
    """``resp = make_response(body)`` and then ``resp.mimetype = "text/plain"`` (or ``resp.content_type``,
    ``resp.headers["Content-Type"] = ...``, ``resp.headers.set("Content-Type", ...)``) in the same function, with
    a written non-HTML type: the body is sent as that type."""
    parent = fa.ctx.parent(e)
    if not isinstance(parent, ast.Assign) or len(parent.targets) != 1 or not isinstance(parent.targets[0], ast.Name):
        return False
    name = parent.targets[0].id
    scope = _enclosing_scope(fa)

    def names_response(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == name

    def not_html(node: ast.AST | None) -> bool:
        kind = fa.ctx.literal(node, None) if node is not None else None
        return isinstance(kind, str) and "/" in kind and not script_capable_type(kind)

    def content_type_key(node: ast.AST | None) -> bool:
        key = fa.ctx.literal(node, None) if node is not None else None
        return isinstance(key, str) and key.lower() == "content-type"

    for n in fa.ctx.scope_nodes(scope):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and not_html(n.value):
            t = n.targets[0]
            if isinstance(t, ast.Attribute) and t.attr in _TYPE_ATTRS and names_response(t.value):
                return True
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Attribute) and t.value.attr == "headers" \
                    and names_response(t.value.value) and content_type_key(t.slice):
                return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in {"set", "add"} and \
                isinstance(n.func.value, ast.Attribute) and n.func.value.attr == "headers" and \
                names_response(n.func.value.value) and len(n.args) == 2 and content_type_key(n.args[0]) and \
                not_html(n.args[1]):
            return True
    return False


def serves_html(args: list[Value], kwargs: dict) -> bool:
    """False when a response's ``mimetype``/``content_type`` (by keyword, or Django's second positional argument)
    is written in the code and is not an HTML (or XML/SVG, which can carry script) type."""
    declared = [kwargs[name] for name in ("mimetype", "content_type", "media_type") if name in kwargs]
    if len(args) > 1 and args[1].known and isinstance(args[1].value, str) and "/" in args[1].value:
        declared.append(args[1])
    for value in declared:
        if value.known and isinstance(value.value, str):
            return script_capable_type(value.value)
    return True


def script_capable_type(content_type: str) -> bool:
    """A content type a browser may run script in: HTML, or XML and SVG, which can carry it."""
    lowered = content_type.lower()
    return any(kind in lowered for kind in ("html", "xml", "svg"))


def _not_dict(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """Tornado's write(dict) sends JSON: only a string or bytes chunk is HTML."""
    node = e.args[0] if e.args else fa.ctx.kwarg(e, "chunk")
    if isinstance(node, (ast.Dict, ast.DictComp)) or (isinstance(node, ast.Call) and
                                                     fa.ctx.qualname(node.func) == "builtins.dict"):
        return []
    return [v for v in values if v.fields is None or v.items is not None]


def _never(*_args):
    return []


# --- NoSQL query documents -----------------------------------------------------------------------------------
MONGO_MODULES = ("pymongo", "flask_pymongo", "motor", "mongoengine", "mongomock", "bson")


def _nosql_query(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """A MongoDB query document. Parsed request JSON anywhere in it can carry operators: the whole document is
    handed on, and the cross-module phase reports only flows marked "structured" (summaries.MARKED_KINDS), so
    a plain string from a form is not reported. A ``$where`` clause is JavaScript: any input in it is marked
    where the dict is written (ExpressionsMixin.expr)."""
    if receiver is not None and (receiver.known or any(t.startswith("builtins.str") for t in receiver.types)):
        return []
    if not _mongo_context(fa, e, receiver):
        return []
    return values


def client_pattern(taint: Taint) -> Taint:
    """The flows of a regular expression the client wrote (those re.escape did not make literal), marked like
    parsed JSON: in a query document (``{"name": re.compile(q)}``, ``{"$regex": q}``) such a pattern matches
    whatever the client chooses, as an operator would."""
    return cleanse({label: trace for label, trace in taint.items() if "regex" not in label[1]}, STRUCTURED)


# Collection methods no other common library has: a call to one is a MongoDB query even where the collection
# comes from another module (``from db import users; users.find_one(...)``)
MONGO_ONLY_METHODS = MONGO_DOCUMENT_READS | {"count_documents"}


def _mongo_context(fa: FunctionAnalyzer, e: ast.Call, receiver) -> bool:
    if isinstance(e.func, ast.Attribute) and e.func.attr in MONGO_ONLY_METHODS:
        return True
    if receiver is not None and any(t.startswith(MONGO_MODULES) for t in receiver.types):
        return True
    if any(fa.ctx.names.imports_module(m) for m in MONGO_MODULES):
        return True
    name = (dotted_name(e.func.value) or "") if isinstance(e.func, ast.Attribute) else ""
    return "mongo" in name.lower()


# --- request data written into code or template files ------------------------------------------------------
CODE_FILE_SUFFIXES = (".py", ".pyw", ".html", ".htm", ".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".mako",
                      ".djhtml")
LOG_FILE_SUFFIXES = (".log",)
WRITE_MODES = ("w", "a", "x", "+")


def written_file_flags(fa: FunctionAnalyzer, q: str, e: ast.Call, args, kwargs) -> frozenset:
    """``open(name, "w")`` where the name ends in a code or template suffix: the file object's writes put their
    data into something the application will run or render (flag "code-file"); ``open("audit.log", "a")``: its
    writes are log lines (flag "log-file"), forged by a newline in what they carry."""
    if opened_for_writing(q, args, kwargs) is not True:
        return frozenset()
    path = e.args[0] if e.args else fa.ctx.kwarg(e, "file")
    if path is None:
        return frozenset()
    path_value = args[0] if e.args else kwargs.get("file")
    for suffixes, flag in ((CODE_FILE_SUFFIXES, "code-file"), (LOG_FILE_SUFFIXES, "log-file")):
        if path_value is not None and path_value.consts and all(
                isinstance(c, str) and c.lower().endswith(suffixes) for c in path_value.consts):
            return frozenset({flag})
        if _ends_with_suffix(fa, path, suffixes):
            return frozenset({flag})
    return frozenset()


WRITES_FILE = "writes-file:"
FILE_OPENERS = frozenset({"builtins.open", "io.open", "codecs.open"})


def opened_for_writing(q: str, args, kwargs) -> bool | None:
    """Whether a call of ``q`` opens a file for writing: None when it is no file opener or its mode is not
    written in the code (no mode at all is reading)."""
    if q not in FILE_OPENERS:
        return None
    mode = kwargs.get("mode") or (args[1] if len(args) > 1 else None)
    if mode is None:
        return False
    if not mode.known or not isinstance(mode.value, str):
        return None
    return any(m in mode.value for m in WRITE_MODES)


def fixed_file_path(q: str, args, kwargs) -> tuple[str, bool] | None:
    """``open("cache.bin", "wb")``: the constant path a file object is opened on, and whether for writing."""
    writes = opened_for_writing(q, args, kwargs)
    path = args[0] if args else kwargs.get("file")
    if writes is None or path is None or not path.known or not isinstance(path.value, str):
        return None
    return path.value, writes


def _ends_with_suffix(fa: FunctionAnalyzer, node: ast.AST, suffixes: tuple[str, ...]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.lower().endswith(suffixes)
    if isinstance(node, ast.JoinedStr) and node.values:
        return _ends_with_suffix(fa, node.values[-1], suffixes)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _ends_with_suffix(fa, node.right, suffixes)
    if isinstance(node, ast.Call) and node.args and \
            (fa.ctx.qualname(node.func) or "") in ("os.path.join", "posixpath.join", "ntpath.join"):
        return _ends_with_suffix(fa, node.args[-1], suffixes)
    return False


def _code_file(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    return values if receiver is not None and "code-file" in receiver.flags else []


def _log_file(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    return values if receiver is not None and "log-file" in receiver.flags else []


# --- reflection: names chosen by the input -----------------------------------------------------------------
NAMESPACE_CALLS = frozenset({"builtins.globals", "builtins.locals", "builtins.vars"})


def affixed_name(node: ast.AST) -> bool:
    """``"do_" + name``, ``f"handle_{name}"``, ``"%s_view" % name``: the written part restricts which attributes
    the name can reach (a dispatch convention), so the lookup is not an arbitrary one."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # text of the template around "%(a)s"
        return isinstance(node.left, ast.Constant) and isinstance(node.left.value, str) and \
            bool(PERCENT_SPEC.sub("", node.left.value)) or affixed_name(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return any(isinstance(side, ast.Constant) and isinstance(side.value, str) and side.value
                   for side in (node.left, node.right)) or affixed_name(node.left) or affixed_name(node.right)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and v.value for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) and \
            bool(_FORMAT_FIELD.sub("", node.func.value.value))
    return False


# a str.format field ("{}", "{0}", "{user.name!r:>10}")
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")


def is_namespace(fa: FunctionAnalyzer, node: ast.AST) -> bool:
    """``globals()``, ``locals()``, ``vars(module)`` or ``sys.modules``: every global, class or module by name."""
    if isinstance(node, ast.Call):
        return (fa.ctx.qualname(node.func) or "") in NAMESPACE_CALLS
    return fa.ctx.qualname(node) == "sys.modules" if isinstance(node, (ast.Name, ast.Attribute)) else False


def name_prefix(fa: FunctionAnalyzer, node: ast.AST, value: Value) -> str | None:
    """The written beginning of an attribute name: the whole name when it is a constant, ``"do_"`` for
    ``"do_" + name``, ``f"do_{name}"`` or ``"do_%s" % name``; None when nothing of it is written in the code."""
    if value.known and isinstance(value.value, str):
        return value.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant) and \
            isinstance(node.left.value, str) and node.left.value:
        return node.left.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and \
            isinstance(node.left.value, str):
        head = node.left.value.split("%", 1)[0]
        return head or None
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant) and \
            node.values[0].value:
        return node.values[0].value
    return None


def dispatch_candidates(fa: FunctionAnalyzer, obj_node: ast.AST, name_node: ast.AST, obj: Value,
                        name: Value) -> frozenset | None:
    """``getattr(self, "do_" + cmd)``, ``getattr(module, "run")``, ``globals()["cmd_" + name]``: the functions
    of this tree the lookup can reach, by the written prefix of the name (every method of the object's class,
    or function of this module, whose name starts so). None when the lookup is not of that shape."""
    prefix = name_prefix(fa, name_node, name)
    if prefix is None or not prefix.isidentifier() and not prefix.rstrip("_").isidentifier():
        return None
    exact = name.known
    ids = fa.mod.function_ids
    owners: list[str] = []
    classes = fa.mod.facts.classes
    for t in sorted(obj.types):
        if t in classes:
            owners.append(t)
            owners.extend(b for b in classes[t] if b in classes)
    if is_namespace(fa, obj_node) or (isinstance(obj_node, ast.Subscript) and is_namespace(fa, obj_node.value)):
        owners.append(fa.ctx.names.module)  # sys.modules[__name__], globals(): this module's own functions
    found = set()
    for owner in owners:
        if exact:
            if f"{owner}.{prefix}" in ids:
                found.add(f"{owner}.{prefix}")
            continue
        start = f"{owner}.{prefix}"
        found.update(fid for fid in ids if fid.startswith(start) and "." not in fid[len(owner) + 1:])
    if not found and exact and not owners and isinstance(obj_node, (ast.Name, ast.Attribute)):
        q = fa.ctx.qualname(obj_node)
        aliases = fa.ctx.names.aliases
        root = obj_node.id if isinstance(obj_node, ast.Name) else None
        if q and root in aliases and root not in fa.mod.globals:
            found.add(f"{q}.{prefix}")  # getattr(module, "run"): module.run, wherever it is defined in the tree
    return frozenset(found) or None


def reflective_getattr(fa: FunctionAnalyzer, e: ast.Call, args, obj_node: ast.AST, name_node: ast.AST) -> Value | None:
    """``getattr(obj, name)`` with an untrusted, unrestricted name: a sink when the lookup is on a module or a
    class (any of its functions or classes), or when the result is called right away; otherwise the result is
    flagged "reflective" so that calling it later is the sink (see CallsMixin.call). None: not reflective."""
    name = args[1]
    if name.known or affixed_name(name_node):
        return None
    taint = name.all_taint()
    if not taint:
        return None
    parent = fa.ctx.parent(e)
    called = isinstance(parent, ast.Call) and parent.func is e
    if called or _called_later(fa, e, parent) or _module_or_class(fa, obj_node, args[0]):
        fa.sink("reflection", taint, e, "getattr with an untrusted name")
        return Value(args[0].all_taint())  # reported here: calling the result is the same defect
    return Value(join_taint(args[0].all_taint(), taint), flags=frozenset({"reflective"}))


def _enclosing_scope(fa: FunctionAnalyzer) -> ast.AST:
    """The function (or module) being analysed, whose statements a look-ahead condition searches."""
    return fa.node if isinstance(fa.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)) else fa.ctx.tree


def _called_later(fa: FunctionAnalyzer, e: ast.Call, parent: ast.AST | None) -> bool:
    """``handler = getattr(obj, name)`` and ``handler(...)`` in the same function: reported at the lookup."""
    if not isinstance(parent, ast.Assign) or len(parent.targets) != 1 or not isinstance(parent.targets[0], ast.Name):
        return False
    name = parent.targets[0].id
    scope = _enclosing_scope(fa)
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
               for n in fa.ctx.scope_nodes(scope))


def _module_or_class(fa: FunctionAnalyzer, node: ast.AST, value: Value) -> bool:
    imported = fa.mod.imported_targets
    if imported is None:  # imported names spelled like modules (a class's instance has the class's name as type)
        imported = fa.mod.imported_targets = frozenset(
            t for t in fa.ctx.names.aliases.values() if t.rpartition(".")[2].islower())
    if value.types & imported:
        return True  # an imported module held in a variable
    if isinstance(node, ast.Name):
        aliases = fa.ctx.names.aliases
        if node.id in aliases and node.id not in fa.mod.globals:
            return True  # an imported module (or a class imported by name)
        if node.id in fa.ctx.names.module_defs and f"{fa.ctx.names.module}.{node.id}" in fa.mod.facts.classes:
            return True
    if is_namespace(fa, node):
        return True
    q = fa.ctx.qualname(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
    return q == "sys.modules" or (q is not None and q in fa.mod.facts.classes)


def _unrestricted_name(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """``import_module("plugins." + name)``: the written part keeps the name inside one package."""
    node = e.args[0] if e.args else fa.ctx.kwarg(e, "name")
    return [] if node is not None and affixed_name(node) else values


_LLM_CHAIN_WORDS = frozenset({"chat", "completions", "messages", "responses", "beta", "litellm", "openai",
                              "anthropic", "ollama"})
_INSTRUCTION_ROLES = frozenset({"system", "developer"})


def _llm_client_call(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """``client.messages.create(system=...)``: the call is a model API's (an attribute chain through chat,
    completions, messages or responses), not any ``.create(system=...)`` of an ORM."""
    written = dotted_name(e.func) or ""
    return values if set(written.split(".")[:-1]) & _LLM_CHAIN_WORDS else []


def _system_message(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """The content of system or developer messages in a messages list: dicts with a written role, or
    ("system", text) pairs (LangChain); user messages carry input by design."""
    if e.func.__class__ is ast.Attribute and not _llm_client_call(fa, e, args, kwargs, receiver, values) and \
            e.func.attr in ("create", "acreate", "parse", "stream"):
        return []
    found = []
    for messages in values:
        for item in messages.items or ():
            if item.fields is not None:
                role = item.fields.get("role")
                if role is not None and role.known and role.value in _INSTRUCTION_ROLES and "content" in item.fields:
                    found.append(item.fields["content"])
            elif item.items and len(item.items) == 2 and item.items[0].known and \
                    item.items[0].value in _INSTRUCTION_ROLES:
                found.append(item.items[1])
    return found


def _system_role(fa: FunctionAnalyzer, e: ast.Call, args, kwargs, receiver, values):
    """``ChatMessage(role="system", content=...)`` or ``role=MessageRole.SYSTEM``."""
    role = fa.ctx.kwarg(e, "role")
    if isinstance(role, ast.Constant) and role.value in _INSTRUCTION_ROLES:
        return values
    if isinstance(role, ast.Attribute) and role.attr in ("SYSTEM", "DEVELOPER"):
        return values
    return []


SINK_CONDITIONS: dict[str, Callable] = {
    "llm_client_call": _llm_client_call,
    "system_message": _system_message,
    "system_role": _system_role,
    "shell_or_program": _shell_or_program,
    "shell_argv": _shell_argv,
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
    "nosql_query": _nosql_query,
    "code_file": _code_file,
    "log_file": _log_file,
    "unrestricted_name": _unrestricted_name,
}
