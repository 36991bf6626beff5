"""CWE-710 Improper Adherence to Coding Standards: debug switches and breakpoints left in shipped code,
obsolete modules and functions with known security gaps, conditions that are always true, and return values
checked the wrong way.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..findings import Confidence
from ..web.settings import settings_of
from .common import handler_types, in_relaxed_config_class
from .registry import Hit, pattern_rule

# --- CWE-489 debug mode ----------------------------------------------------------------------------------------


@pattern_rule(
    id="debug-mode-enabled", cwe=489, severity="high", confidence="high",
    title="Web framework debug mode switched on",
    message="Debug mode shows stack traces, settings and source to anyone who triggers an error, and the "
            "Werkzeug debugger lets them run Python code on the server.",
    fix="Read the flag from the environment and default it to off (app.run(debug=os.environ.get('FLASK_DEBUG') "
        "== '1'); DEBUG = os.environ.get('DJANGO_DEBUG') == '1'), and never enable the interactive debugger in "
        "production.",
    nodes=(ast.Module,),
    requires_words=("DebuggedApplication", "run_simple", "debug", "DEBUG"),
    skips_test_code=True,
)
def debug_mode_enabled(node: ast.Module, ctx) -> Iterator[Hit]:
    """Reads the debug switches of the configuration model (web/settings.py)."""
    if ctx.is_test_code:
        return
    for switch in settings_of(ctx).debug_switches:
        if not in_relaxed_config_class(switch.node, ctx):
            yield Hit(switch.node, confidence=Confidence.parse(switch.confidence) if switch.confidence else None,
                      message=_SETTING_EXPOSURE if isinstance(switch.node, (ast.Assign, ast.AnnAssign)) else None)


# A DEBUG setting (not a debug server): what it exposes is information, so the message says which (CWE-215)
_SETTING_EXPOSURE = ("DEBUG is on in what looks like production settings: every error page then shows the stack "
                     "trace, local variables, settings and SQL of the request to whoever triggers the error, an "
                     "information exposure through debugging output (CWE-215).")


# post_mortem / code.interact are how debug-on-crash options and REPLs are built on purpose; not listed.
_DEBUGGER_CALLS = frozenset({"builtins.breakpoint", "pdb.set_trace", "ipdb.set_trace", "pudb.set_trace",
                             "rpdb.set_trace", "remote_pdb.set_trace", "web_pdb.set_trace", "pdbpp.set_trace",
                             "IPython.embed"})


@pattern_rule(
    id="debugger-breakpoint", cwe=489, severity="medium", confidence="high",
    title="Debugger breakpoint left in code",
    message="A breakpoint stops the process waiting for a terminal (a hung worker in production), and a remote "
            "debugger opens a shell to whoever connects.",
    fix="Remove the breakpoint before committing; use logging for diagnostics.",
    requires_words=("breakpoint", "set_trace", "embed"),
    skips_test_code=True,
)
def debugger_breakpoint(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    if ctx.call_name(node) in _DEBUGGER_CALLS:
        yield Hit(node)


# --- CWE-477 obsolete modules and functions --------------------------------------------------------------------

_OBSOLETE_MODULES = {
    "cgi": "removed in Python 3.13; its escape() does not escape quotes and FieldStorage has parsing flaws",
    "cgitb": "removed in Python 3.13; it renders tracebacks with local variables into the page",
    "crypt": "removed in Python 3.13; it exposes weak, platform-dependent password hashes",
    "telnetlib": "removed in Python 3.13; Telnet sends everything, passwords included, in clear",
    "pipes": "removed in Python 3.13",
    "imp": "removed in Python 3.12",
    "asyncore": "removed in Python 3.12",
    "asynchat": "removed in Python 3.12",
    "smtpd": "removed in Python 3.12",
    "spwd": "removed in Python 3.13",
    "nis": "removed in Python 3.13; NIS sends password hashes in clear",
    "mailcap": "removed in Python 3.13; it has a shell-injection flaw (CVE-2015-20107)",
}
_OBSOLETE_FUNCTIONS = {
    "ssl.wrap_socket": "removed in Python 3.12; it neither verifies certificates nor checks host names",
    "ssl.match_hostname": "removed in Python 3.12; SSLContext.check_hostname does this correctly",
    "cgi.escape": "removed in Python 3.8; it leaves quotes unescaped unless quote=True",
    "cgi.parse_qs": "removed in Python 3.8",
    "cgi.parse_qsl": "removed in Python 3.8",
    "base64.encodestring": "removed in Python 3.9",
    "base64.decodestring": "removed in Python 3.9",
    "os.tempnam": "a Python 2 function that returns a predictable temporary name",
    "os.tmpnam": "a Python 2 function that returns a predictable temporary name",
    "platform.popen": "removed in Python 3.8",
}


def _guarded_by_fallback(node: ast.AST, ctx) -> bool:
    """Imports in ``try: … except ImportError`` or under a version check are compatibility shims, not usage."""
    for anc in ctx.ancestors(node):
        if isinstance(anc, ast.Try):
            for handler in anc.handlers:
                if any(ctx.qualname(n) in ("builtins.ImportError", "builtins.ModuleNotFoundError")
                       for n in handler_types(handler)):
                    return True
        if isinstance(anc, ast.If) and any(ctx.qualname(n) == "sys.version_info" for n in ast.walk(anc.test)):
            return True
    return False


def _imported_earlier(node: ast.AST, top: str, ctx) -> bool:
    """One finding per module and file: later imports of the same module add nothing."""
    for other in ctx.nodes_of_type(ast.Import) + ctx.nodes_of_type(ast.ImportFrom):
        if other is node:
            continue
        if (other.lineno, other.col_offset) >= (node.lineno, node.col_offset):
            continue
        names = [other.module or ""] if isinstance(other, ast.ImportFrom) else [a.name for a in other.names]
        if isinstance(other, ast.ImportFrom) and other.level:
            continue
        if any(n.split(".")[0] == top for n in names):
            return True
    return False


@pattern_rule(
    id="obsolete-module", cwe=477, severity="low", confidence="high",
    title="Import of an obsolete standard-library module",
    message="The module is deprecated or already removed from Python, receives no security fixes, and the code "
            "breaks on current interpreters.",
    fix="Replace it: html.escape / email / urllib.parse instead of cgi, logging instead of cgitb, "
        "importlib instead of imp, asyncio instead of asyncore, "
        "shlex.quote instead of pipes.quote, SSH (paramiko) instead of telnetlib, passlib/bcrypt instead of crypt.",
    nodes=(ast.Import, ast.ImportFrom),
)
def obsolete_module(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.ImportFrom):
        if node.level:
            return
        modules = [node.module or ""]
    else:
        modules = [alias.name for alias in node.names]
    for module in modules:
        top = module.split(".")[0]
        if top in _OBSOLETE_MODULES and not _guarded_by_fallback(node, ctx) and not _imported_earlier(node, top, ctx):
            yield Hit(node, message=f"`{top}` is {_OBSOLETE_MODULES[top]}.")
            return


@pattern_rule(
    id="obsolete-function", cwe=477, severity="medium", confidence="high",
    title="Call to an obsolete security-relevant function",
    message="The function is deprecated or removed and was replaced because it was unsafe or incomplete.",
    fix="ssl.create_default_context().wrap_socket(sock, server_hostname=host) instead of ssl.wrap_socket; "
        "html.escape instead of cgi.escape; urllib.parse.parse_qs instead of cgi.parse_qs; base64.encodebytes / "
        "decodebytes; tempfile.NamedTemporaryFile instead of os.tempnam.",
    requires_words=("wrap_socket", "match_hostname", "escape", "parse_qs", "encodestring", "decodestring", "tempnam", "tmpnam", "popen"),
)
def obsolete_function(node: ast.Call, ctx) -> Iterator[Hit]:
    name = ctx.call_name(node)
    if name in _OBSOLETE_FUNCTIONS:
        yield Hit(node, message=f"`{name}` is {_OBSOLETE_FUNCTIONS[name]}.")


# --- CWE-571 conditions that are always true -------------------------------------------------------------------


def _truthy_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and bool(node.value)


def _test_expressions(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
        return [node.test]
    if isinstance(node, ast.comprehension):
        return list(node.ifs)
    return []


@pattern_rule(
    id="always-true-condition", cwe=571, severity="medium", confidence="high",
    title="Condition is always true",
    message="`x == 'a' or 'b'` tests `x == 'a'`, then the non-empty string 'b', which is always true; an assert "
            "on a (condition, message) tuple never fails. The guard lets everything through.",
    fix="Spell each comparison out (x == 'a' or x == 'b'), or use membership: x in ('a', 'b'); write asserts "
        "as `assert condition, message`.",
    nodes=(ast.If, ast.While, ast.IfExp, ast.Assert, ast.comprehension),
)
def always_true_condition(node: ast.AST, ctx) -> Iterator[Hit]:
    for test in _test_expressions(node):
        if isinstance(node, ast.Assert) and isinstance(test, ast.Tuple) and test.elts:
            yield Hit(node)
            continue
        candidates = [test] + ([test.operand] if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
                               else [])
        for expr in candidates:
            if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
                operands = expr.values
                if any(isinstance(v, ast.Compare) for v in operands) and any(
                        _truthy_constant(v) for v in operands[1:]):
                    yield Hit(expr)
                    break


# --- CWE-253 str.find() used as a boolean ----------------------------------------------------------------------


def _is_text(node: ast.AST, ctx, func: ast.AST | None) -> bool:
    """Only where the receiver is certainly a str: a literal, a str method result, str(), or a `: str` name."""
    if isinstance(node, (ast.JoinedStr,)) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    if isinstance(node, ast.Call):
        if ctx.call_name(node) in ("builtins.str", "builtins.input"):
            return True
        return isinstance(node.func, ast.Attribute) and node.func.attr in (
            "lower", "upper", "strip", "lstrip", "rstrip", "casefold", "title", "decode")
    if isinstance(node, ast.Name) and isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs
        for arg in args:
            if arg.arg == node.id and isinstance(arg.annotation, ast.Name) and arg.annotation.id == "str":
                return True
        bound = [s.value for s in ast.walk(func) if isinstance(s, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == node.id for t in s.targets)]
        return bool(bound) and all(_is_text(v, ctx, None) for v in bound)
    return False


def _in_boolean_context(node: ast.AST, ctx) -> bool:
    parent = ctx.parent(node)
    if isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)) and parent.test is node:
        return True
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        return True
    if isinstance(parent, ast.BoolOp):
        return _in_boolean_context(parent, ctx)
    return isinstance(parent, ast.comprehension) and node in parent.ifs


@pattern_rule(
    id="str-find-as-boolean", cwe=253, severity="medium", confidence="high",
    title="str.find() result used as a truth value",
    message="find() returns -1 (true) when the text is absent and 0 (false) when it is at the very start, so "
            "`if s.find(x):` means almost the opposite of what it reads as.",
    fix="Use `if x in s:` (or `s.find(x) != -1`, or s.startswith(x)).",
    requires_words=("find",),
)
def str_find_as_boolean(node: ast.Call, ctx) -> Iterator[Hit]:
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in ("find", "rfind") and 1 <= len(node.args) <= 3):
        return
    if not _in_boolean_context(node, ctx):
        return
    if _is_text(node.func.value, ctx, ctx.enclosing_function(node)):
        yield Hit(node)
