"""CWE-664 Improper Control of a Resource Through its Lifetime: temporary files others can predict, handles and
locks that are never given back, archives that write outside their folder, listeners open to every network,
and work with no upper bound (network calls without a timeout, regular expressions that backtrack forever).
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..findings import Confidence, Severity
from . import regex_analysis
from .calculation import _module_reads_request, _reads_request
from .common import names_in, per_module
from .constants import constant_text
from .registry import HYGIENE, Hit, pattern_rule


# --- temporary files -------------------------------------------------------------------------------------------

@pattern_rule(
    id="insecure-temp-file", cwe=377, severity="medium", confidence="high",
    title="Insecure temporary file name (mktemp)",
    message="tempfile.mktemp() only returns a name; another process can create that file (or a symlink) before "
            "you open it, so you may write to or read from a file the attacker controls.",
    fix="Use tempfile.mkstemp(), tempfile.NamedTemporaryFile() or tempfile.mkdtemp(), which create the file or "
        "directory atomically with private permissions.",
    requires_words=("mktemp", "tempnam", "tmpnam"),
)
def insecure_temp_file(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.call_name(node) in {"tempfile.mktemp", "os.tempnam", "os.tmpnam"}:
        yield Hit(node)


_SHARED_TMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
_PATH_BUILDERS = frozenset({"os.path.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"})


def _is_shared_tmp_path(text: str) -> bool:
    return any(text.startswith(d + "/") and len(text) > len(d) + 1 for d in _SHARED_TMP_DIRS)


@pattern_rule(
    id="hardcoded-tmp-path", tags=(HYGIENE,), cwe=377, severity="low", confidence="low",
    title="Fixed file name in a shared temporary directory",
    message="A fixed name under /tmp (or /var/tmp, /dev/shm) is predictable: another local user can create it "
            "first, or plant a symlink there, and make this program read their data or overwrite another file.",
    fix="Create the file with tempfile.mkstemp()/NamedTemporaryFile() or inside a private tempfile.mkdtemp() "
        "directory; for long-lived files use an application directory you own.",
    nodes=(ast.Constant,),
    requires_words=("/tmp", "/dev/shm"),
    skips_test_code=True,
)
def hardcoded_tmp_path(node: ast.Constant, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or not isinstance(node.value, str):
        return
    parent = ctx.parent(node)
    text = node.value
    if isinstance(parent, ast.JoinedStr):  # f"/tmp/{name}.lock": judge the f-string by its first piece
        if parent.values[0] is not node:
            return
        node, parent = parent, ctx.parent(parent)
    if _is_shared_tmp_path(text):
        pass
    elif text in _SHARED_TMP_DIRS and _joined_onto(node, parent, ctx):
        pass
    else:
        return
    if isinstance(parent, ast.Expr) or isinstance(parent, ast.Compare):
        return  # a docstring, or a check such as `path == "/tmp/x"`
    if isinstance(parent, ast.keyword):
        parent = ctx.parent(parent)
    if isinstance(parent, ast.Call):
        name = ctx.call_name(parent) or ""
        if name.startswith("tempfile."):
            return  # tempfile.mkstemp(dir="/tmp/...") creates the file safely
        if isinstance(parent.func, ast.Attribute) and parent.func.attr in {"startswith", "endswith", "relative_to",
                                                                              "is_relative_to"}:
            return
    yield Hit(node)


def _joined_onto(node: ast.AST, parent: ast.AST | None, ctx) -> bool:
    """``os.path.join("/tmp", "app.pid")`` or ``Path("/tmp") / "app.pid"``: a fixed name made in /tmp."""
    if isinstance(parent, ast.Call) and ctx.call_name(parent) in _PATH_BUILDERS and parent.args and parent.args[0] is node:
        if len(parent.args) >= 2:
            return True
        grand = ctx.parent(parent)
        return isinstance(grand, ast.BinOp) and isinstance(grand.op, ast.Div) and grand.left is parent
    return False


# --- handles that are never closed ----------------------------------------------------------------------------

_OPENERS = frozenset({
    "builtins.open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open", "tarfile.open",
    "zipfile.ZipFile", "socket.socket", "socket.create_connection", "sqlite3.connect", "urllib.request.urlopen",
    "os.fdopen", "shelve.open", "dbm.open", "psycopg2.connect", "pymysql.connect",
})
# Functions that use a file object without taking ownership of it (they do not close it).
_NON_OWNING = frozenset({
    "json.load", "json.dump", "csv.reader", "csv.writer", "csv.DictReader", "csv.DictWriter", "builtins.print",
    "builtins.next", "builtins.iter", "builtins.len", "builtins.isinstance", "builtins.enumerate",
    "shutil.copyfileobj", "yaml.safe_load", "yaml.safe_dump", "yaml.dump", "tomllib.load", "tomli.load",
    "builtins.list", "builtins.sorted", "logging.debug", "logging.info",
})


# `with conn:` on these commits or rolls back a transaction; it does not close the connection.
_WITH_DOES_NOT_CLOSE = frozenset({"sqlite3.connect", "psycopg2.connect"})


def _handle_escapes(name: str, func: ast.AST, ctx, with_closes: bool = True) -> bool:
    """True when the handle is closed, handed on or outlives the function, so its release is somebody's business."""
    for node in ast.walk(func):
        if node is func:
            continue
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
            if node.attr in {"close", "__exit__", "detach", "aclose"}:
                return True
        elif isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)) and name in names_in(node):
            return True
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return True
        elif isinstance(node, ast.withitem) and name in names_in(node.context_expr):
            if with_closes or not (isinstance(node.context_expr, ast.Name) and node.context_expr.id == name):
                return True
        elif isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None:
            if _carries(node.value, name):
                return True
        elif isinstance(node, ast.Call):
            args = list(node.args) + [k.value for k in node.keywords]
            if any(isinstance(a, ast.Name) and a.id == name or isinstance(a, ast.Starred) and name in names_in(a)
                   for a in args):
                if ctx.call_name(node) not in _NON_OWNING:
                    return True
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            if _carries(node.value, name):
                return True  # aliased (other = f) or stored (self.f = f, pair = (f, g))
    return False


@per_module
def _module_opens_handles(ctx) -> bool:
    return any(ctx.call_name(call) in _OPENERS for call in ctx.nodes_of_type(ast.Call))


def _carries(expr: ast.AST, name: str) -> bool:
    """Does evaluating ``expr`` hand the object itself on (not something read from it)? Calls are judged apart."""
    if isinstance(expr, ast.Name):
        return expr.id == name
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return any(_carries(e, name) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return any(v is not None and _carries(v, name) for v in expr.values)
    if isinstance(expr, (ast.Starred, ast.Await)):
        return _carries(expr.value, name)
    if isinstance(expr, ast.IfExp):
        return _carries(expr.body, name) or _carries(expr.orelse, name)
    if isinstance(expr, ast.BoolOp):
        return any(_carries(v, name) for v in expr.values)
    return False


@pattern_rule(
    id="unclosed-resource", tags=(HYGIENE,), cwe=775, severity="low", confidence="medium",
    title="File, socket or connection opened without being closed",
    message="The handle is opened outside a `with` block and never closed, returned or handed on, so every call "
            "leaks a file descriptor until the garbage collector runs; under load the process runs out of them.",
    fix="Open it in a `with` statement (with open(path) as fh: …), or close it in a `finally:` block.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("open", "ZipFile", "socket", "connect"),
)
def unclosed_resource(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if not _module_opens_handles(ctx):
        return
    for stmt in ctx.scope_nodes(node):
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        value = stmt.value
        if isinstance(value, ast.Await):
            value = value.value
        opener = ctx.call_name(value) if isinstance(value, ast.Call) else None
        if opener not in _OPENERS:
            continue
        if not _handle_escapes(stmt.targets[0].id, node, ctx, with_closes=opener not in _WITH_DOES_NOT_CLOSE):
            yield Hit(stmt)


@pattern_rule(
    id="lock-release-not-in-finally", tags=(HYGIENE,), cwe=667, severity="medium", confidence="medium",
    title="Lock released only on the normal path",
    message="The lock is acquired and released by hand, but the release is not in a `finally:` block, so an "
            "exception between the two leaves it held and every later caller blocks forever.",
    fix="Use the lock as a context manager (with lock: …), or put the release in a `finally:` block right after "
        "the acquire.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("acquire",),
)
def lock_release_not_in_finally(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if not _module_acquires_and_releases(ctx):
        return
    acquires: dict[str, ast.Call] = {}
    releases: dict[str, list[ast.Call]] = {}
    for n in ctx.scope_nodes(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in {"acquire", "release"}:
            key = ast.dump(n.func.value)
            if n.func.attr == "acquire":
                if key not in acquires or n.lineno < acquires[key].lineno:
                    acquires[key] = n
            else:
                releases.setdefault(key, []).append(n)
    for key, acquire in acquires.items():
        rel = releases.get(key)
        if not rel:
            continue  # acquire-only helpers (__enter__, lock()) hand the release to their caller
        if not any(_in_finally(r, ctx) for r in rel):
            yield Hit(acquire)


@per_module
def _module_acquires_and_releases(ctx) -> bool:
    methods = {call.func.attr for call in ctx.nodes_of_type(ast.Call) if isinstance(call.func, ast.Attribute)}
    return {"acquire", "release"} <= methods


def _in_finally(node: ast.AST, ctx) -> bool:
    child = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return False
        if isinstance(anc, ast.Try) and any(child is s for s in anc.finalbody):
            return True
        child = anc
    return False


# --- archives ---------------------------------------------------------------------------------------------------

_TAR_OPENERS = frozenset({"tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.taropen",
                          "tarfile.TarFile.gzopen", "tarfile.TarFile.bz2open", "tarfile.TarFile.xzopen"})


@per_module
def _tar_names(ctx) -> tuple[set[str], bool]:
    """Names bound to TarFile objects anywhere in the module, and whether a global extraction filter is set."""
    names: set[str] = set()
    for node in ctx.nodes_of_type(ast.Assign):
        if isinstance(node.value, ast.Call) and ctx.call_name(node.value) in _TAR_OPENERS:
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for node in ctx.nodes_of_type(ast.withitem):
        if isinstance(node.context_expr, ast.Call):
            if ctx.call_name(node.context_expr) in _TAR_OPENERS and isinstance(node.optional_vars, ast.Name):
                names.add(node.optional_vars.id)
    global_filter = any(node.attr == "extraction_filter" and isinstance(node.ctx, ast.Store)
                        for node in ctx.nodes_of_type(ast.Attribute))
    return names, global_filter


@pattern_rule(
    id="tar-extract-without-filter", cwe=22, severity="high", confidence="high",
    title="Tar archive extracted without a member filter",
    message="TarFile.extractall() without filter= writes members wherever their names point: '../' paths, "
            "absolute paths and symlinks in a crafted archive overwrite files outside the target directory.",
    fix="Pass filter='data' (Python 3.12+, backported to 3.8.17+/3.9.17+/3.10.12+/3.11.4+), or check every "
        "member's resolved path and type and pass the checked list as members=.",
    requires_words=("unpack_archive", "extractall"),
)
def tar_extract_without_filter(node: ast.Call, ctx) -> Iterator[Hit]:
    name = ctx.call_name(node)
    if name == "shutil.unpack_archive":
        fmt = ctx.literal(ctx.arg(node, 2, "format"))
        archive = ctx.literal(ctx.arg(node, 0, "filename"))
        if fmt == "zip" or isinstance(archive, str) and archive.endswith(".zip"):
            return  # zip extraction already strips '..' and absolute paths
        if ctx.kwarg(node, "filter") is None and not _tar_names(ctx)[1]:
            yield Hit(node, confidence=Confidence.MEDIUM)  # the archive may be a zip, which is safe
        return
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "extractall"):
        return
    receiver = func.value
    names, global_filter = _tar_names(ctx)
    is_tar = (isinstance(receiver, ast.Name) and receiver.id in names
              or isinstance(receiver, ast.Call) and ctx.call_name(receiver) in _TAR_OPENERS)
    if not is_tar or global_filter:
        return
    if ctx.kwarg(node, "filter") is None and ctx.arg(node, 1, "members") is None:
        yield Hit(node)


# --- network exposure and waiting forever ------------------------------------------------------------------------

_ALL_INTERFACES = frozenset({"0.0.0.0", "::", "0:0:0:0:0:0:0:0"})
_SERVER_CLASSES = frozenset({
    "socketserver.TCPServer", "socketserver.UDPServer", "socketserver.ThreadingTCPServer",
    "socketserver.ThreadingUDPServer", "socketserver.ForkingTCPServer", "http.server.HTTPServer",
    "http.server.ThreadingHTTPServer", "xmlrpc.server.SimpleXMLRPCServer",
})
_RUNNERS = frozenset({"run", "run_app", "serve", "run_server", "start_server", "create_server", "run_simple",
                      "make_server"})


def _address_host(expr: ast.AST | None, ctx) -> object:
    """The host of a ``(host, port)`` address; the port may be any expression."""
    if isinstance(expr, ast.Tuple) and expr.elts:
        return ctx.literal(expr.elts[0])
    return ctx.MISSING


@pattern_rule(
    id="bind-all-interfaces", cwe=1327, severity="medium", confidence="low",
    title="Service listens on every network interface",
    message="Binding to 0.0.0.0 / :: exposes the service on every network the host is attached to, not just the "
            "one it is meant for, which is how internal admin and debug services end up reachable from outside.",
    fix="Bind to 127.0.0.1 (or the one interface meant to serve), take the address from configuration, and put "
        "public services behind a reverse proxy or firewall rule.",
)
def bind_all_interfaces(node: ast.Call, ctx) -> Iterator[Hit]:
    func = node.func
    name = ctx.call_name(node) or ""
    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if last == "bind" and len(node.args) == 1:
        host = _address_host(node.args[0], ctx)
        if host in _ALL_INTERFACES or host == "" and isinstance(func, ast.Attribute):
            yield Hit(node)
    elif name in _SERVER_CLASSES:
        host = _address_host(ctx.arg(node, 0, "server_address"), ctx)
        if host in _ALL_INTERFACES or host == "":
            yield Hit(node)
    elif last in _RUNNERS:
        host = ctx.kwarg(node, "host")
        if host is None and last in {"make_server", "run_simple"} and node.args:
            host = node.args[0]
        if ctx.literal(host) in _ALL_INTERFACES:
            yield Hit(node)


_REQUESTS_CALLS = frozenset(f"requests.{m}" for m in ("get", "post", "put", "patch", "delete", "head", "options",
                                                     "request", "api.get", "api.post", "api.request"))
_SESSION_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})


@per_module
def _requests_sessions(ctx) -> set[str]:
    """Source text of every target bound to requests.Session() in the module (``s``, ``self.http``)."""
    found: set[str] = set()
    for node in ctx.nodes_of_type(ast.Assign):
        if isinstance(node.value, ast.Call):
            if ctx.call_name(node.value) in {"requests.Session", "requests.session", "requests.sessions.Session"}:
                found |= {ast.unparse(t) for t in node.targets}
    for node in ctx.nodes_of_type(ast.withitem):
        if isinstance(node.context_expr, ast.Call) and node.optional_vars:
            if ctx.call_name(node.context_expr) in {"requests.Session", "requests.session"}:
                found.add(ast.unparse(node.optional_vars))
    return found


@pattern_rule(
    id="http-request-without-timeout", tags=(HYGIENE,), cwe=1088, severity="medium", confidence="high",
    title="HTTP request without a timeout",
    message="requests and urlopen wait forever by default; one slow or hostile server holds this worker (and its "
            "connection, thread and memory) indefinitely, and a few such calls take the whole service down.",
    fix="Pass an explicit timeout, e.g. requests.get(url, timeout=(3.05, 30)) or urlopen(url, timeout=10).",
    requires_imports=("requests", "urllib"),
)
def http_request_without_timeout(node: ast.Call, ctx) -> Iterator[Hit]:
    if any(k.arg is None for k in node.keywords):
        return  # **kwargs may carry the timeout
    name = ctx.call_name(node)
    if name in _REQUESTS_CALLS:
        if ctx.kwarg(node, "timeout") is None:
            yield Hit(node)
    elif name == "urllib.request.urlopen":
        if ctx.arg(node, 2, "timeout") is None:
            yield Hit(node)
    elif isinstance(node.func, ast.Attribute) and node.func.attr in _SESSION_METHODS:
        sessions = _requests_sessions(ctx)
        if sessions and ast.unparse(node.func.value) in sessions and ctx.kwarg(node, "timeout") is None:
            yield Hit(node)


# --- regular expressions that backtrack super-linearly -------------------------------------------------------

_REGEX_FUNCS = frozenset(f"{mod}.{fn}" for mod in ("re", "regex") for fn in
                         ("compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"))
_REGEX_FLAGS = {f"{mod}.{name}": value for mod in ("re", "regex") for name, value in (
    ("I", re.IGNORECASE), ("IGNORECASE", re.IGNORECASE), ("S", re.DOTALL), ("DOTALL", re.DOTALL),
    ("X", re.VERBOSE), ("VERBOSE", re.VERBOSE), ("M", re.MULTILINE), ("MULTILINE", re.MULTILINE),
    ("A", re.ASCII), ("ASCII", re.ASCII), ("U", re.UNICODE), ("UNICODE", re.UNICODE))}
_FLAGS_POSITION = {"compile": 1, "match": 2, "search": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                   "split": 3, "sub": 4, "subn": 4}


def _flags_value(expr: ast.AST | None, ctx) -> int:
    """``re.I | re.X`` → their bits; unknown parts count as none (the pattern is still judged)."""
    if expr is None:
        return 0
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.BitOr, ast.Add)):
        return _flags_value(expr.left, ctx) | _flags_value(expr.right, ctx)
    if isinstance(expr, (ast.Name, ast.Attribute)):
        return int(_REGEX_FLAGS.get(ctx.qualname(expr) or "", 0))
    return 0


_SUBJECT_POSITION = {"match": 1, "search": 1, "fullmatch": 1, "findall": 1, "finditer": 1, "split": 1, "sub": 2,
                     "subn": 2}


def _subject_from_request(node: ast.Call, func: str, ctx) -> bool:
    """Is the text matched read from the request, directly or through one local assignment in the same function
    (``email = request.form["email"]; re.match(P, email)``)? A cheap, local stand-in for the taint engine."""
    if func not in _SUBJECT_POSITION:
        return False
    subject = ctx.arg(node, _SUBJECT_POSITION[func], "string")
    if subject is None or not _module_reads_request(ctx):
        return False
    if _reads_request(subject, ctx):
        return True
    names = {n.id for n in ast.walk(subject) if isinstance(n, ast.Name)}
    scope = ctx.enclosing_function(node)
    if not names or scope is None:
        return False
    return any(isinstance(stmt, ast.Assign) and _reads_request(stmt.value, ctx)
               and any(isinstance(t, ast.Name) and t.id in names for t in stmt.targets)
               for stmt in ctx.scope_nodes(scope) if isinstance(stmt, ast.Assign))


@per_module
def _regex_verdicts(ctx) -> dict[ast.Call, tuple["regex_analysis.Verdict", bool]]:
    """Every regex call in the module whose pattern (a literal, or a constant it can only be) backtracks
    super-linearly, judged once for both rules."""
    found = {}
    for node in ctx.nodes_of_type(ast.Call):
        name = ctx.call_name(node)
        if name not in _REGEX_FUNCS or not node.args and ctx.kwarg(node, "pattern") is None:
            continue
        pattern = constant_text(node.args[0] if node.args else ctx.kwarg(node, "pattern"), ctx)
        if not isinstance(pattern, (str, bytes)):
            continue
        func = name.rsplit(".", 1)[1]
        flags = _flags_value(ctx.arg(node, _FLAGS_POSITION[func], "flags"), ctx)
        verdict = regex_analysis.analyse(pattern, flags, fullmatch=func == "fullmatch",
                                         anchored=func in ("match", "fullmatch"))
        if verdict is not None:
            found[node] = (verdict, _subject_from_request(node, func, ctx))
    return found


_EXPONENTIAL_MESSAGE = ("A repeated group that can itself match the same text in several ways, like (a+)+ or "
                        "(\\w+\\s?)*, makes the regex engine try exponentially many splits on a near-miss input; a "
                        "short crafted string then pins a CPU for minutes.")
_POLYNOMIAL_MESSAGE = ("Two unbounded repeats in a row can match the same run of text (like \\s*\\s*$ or .*.*=), and a "
                       "search tries every start position and every way of splitting the run between them: cubic "
                       "time on a long near-miss, seconds for a request body of a few kilobytes.")
_FROM_REQUEST = " Here the text matched comes straight from the request, so any client can send the near-miss."


@pattern_rule(
    id="regex-catastrophic-backtracking", cwe=1333, severity="medium", confidence="high",
    title="Regular expression with exponential backtracking (ReDoS)",
    message=_EXPONENTIAL_MESSAGE,
    fix="Rewrite so each character can be matched one way only (e.g. \\w+(\\s\\w+)* instead of (\\w+\\s?)*), bound "
        "the input length first, or use a linear-time engine such as google-re2.",
    requires_imports=("re", "regex"),
)
def regex_catastrophic_backtracking(node: ast.Call, ctx) -> Iterator[Hit]:
    verdict, tainted = _regex_verdicts(ctx).get(node, (None, False))
    if verdict is not None and verdict.kind == "exponential":
        if tainted:
            yield Hit(node, severity=Severity.HIGH, message=_EXPONENTIAL_MESSAGE + _FROM_REQUEST)
        else:
            yield Hit(node)


@pattern_rule(
    id="regex-polynomial-backtracking", cwe=1333, severity="low", confidence="medium",
    title="Regular expression with polynomial backtracking",
    message=_POLYNOMIAL_MESSAGE,
    fix="Make the repeats match disjoint text or drop the redundant one (\\s*$ instead of \\s*\\s*$), anchor the "
        "pattern, or bound the input length before matching.",
    requires_imports=("re", "regex"),
)
def regex_polynomial_backtracking(node: ast.Call, ctx) -> Iterator[Hit]:
    verdict, tainted = _regex_verdicts(ctx).get(node, (None, False))
    if verdict is not None and verdict.kind == "polynomial":
        if tainted:
            yield Hit(node, severity=Severity.MEDIUM, confidence=Confidence.HIGH,
                      message=_POLYNOMIAL_MESSAGE + _FROM_REQUEST)
        else:
            yield Hit(node)



# --- CWE-200 a GraphQL IDE served by the API -------------------------------------------------------------------

# Views and apps of the GraphQL servers that take a graphiql (or graphql_ide) switch
_GRAPHQL_VIEWS = ("GraphQLView", "GraphQLView.as_view", "GraphQL", "GraphQLRouter", "GraphQLApp")
_GRAPHQL_PACKAGES = ("flask_graphql.", "graphql_server.", "graphene_django.", "strawberry.", "ariadne.",
                     "starlette_graphene3.", "starlette.graphql.")


@pattern_rule(
    id="graphql-ide-enabled", cwe=200, severity="low", confidence="medium",
    title="GraphQL IDE (GraphiQL) served by the API",
    message="The API serves the GraphiQL IDE, which hands anyone who opens the endpoint in a browser the whole "
            "schema (every type, field and mutation, through introspection) and a console to try them in: "
            "a map of the attack surface that production users do not need.",
    fix="Switch the IDE off outside development (graphiql=settings.DEBUG, or graphql_ide=None in Strawberry) "
        "and consider turning introspection off in production as well.",
    requires_words=("graphiql", "graphql_ide"),
    skips_test_code=True,
)
def graphql_ide_enabled(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    name = ctx.call_name(node) or ""
    if not name.endswith(_GRAPHQL_VIEWS) or not name.startswith(_GRAPHQL_PACKAGES):
        return
    for kw in node.keywords:
        if kw.arg in ("graphiql", "graphql_ide") and isinstance(kw.value, ast.Constant) and kw.value.value not in \
                (False, None):
            yield Hit(node)  # the view that serves it: a long as_view(...) call is read from its first line
            return
