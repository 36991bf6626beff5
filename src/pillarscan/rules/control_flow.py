"""CWE-691 Insufficient Control Flow Management: jumps out of ``finally`` that swallow exceptions, checks on a
file that another process can invalidate before the use, checks done before the input is put in its final
form, and loops whose condition nothing in the loop can change.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..findings import Confidence
from .common import names_in, per_module
from .registry import Hit, pattern_rule

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


# --- jumps out of finally ---------------------------------------------------------------------------------------

@pattern_rule(
    id="jump-in-finally", cwe=584, severity="medium", confidence="high",
    title="return, break or continue inside finally",
    message="Leaving a finally block with return/break/continue discards the exception in flight, so errors "
            "(including failed security checks and KeyboardInterrupt) vanish silently; Python 3.14 warns about it.",
    fix="Move the return/break/continue after the try statement, and let the finally block only clean up.",
    nodes=(ast.Try,) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)
def jump_in_finally(node: ast.Try, ctx) -> Iterator[Hit]:
    for stmt in node.finalbody:
        yield from _jumps_out(stmt, in_loop=False)


def _jumps_out(node: ast.AST, in_loop: bool) -> Iterator[Hit]:
    """Return anywhere, and break/continue not bound by a loop inside the finally block itself."""
    if isinstance(node, ast.Return) or isinstance(node, (ast.Break, ast.Continue)) and not in_loop:
        yield Hit(node)
        return
    if isinstance(node, _SCOPES):
        return
    for child in ast.iter_child_nodes(node):
        body_of_loop = isinstance(node, _LOOPS) and child not in getattr(node, "orelse", [])
        yield from _jumps_out(child, in_loop or body_of_loop)


# --- check, then use -----------------------------------------------------------------------------------------

_FILE_CHECKS = frozenset({"os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.lexists",
                          "os.path.islink", "os.access"})
_PATH_METHOD_CHECKS = frozenset({"exists", "is_file", "is_dir", "is_symlink"})
# Uses that a race between the check and the use turns into a redirected write or a changed file: a symlink planted
# in between makes open(..., "w"), chmod, chown, rename or copy act on a file the attacker chose. Removing a file or
# creating a directory after an existence check is left out: ``if not os.path.exists(d): os.makedirs(d)`` is the
# idiom, and the worst a race does to it (or to ``if exists: os.remove``) is an exception - os.remove and rmdir
# act on a planted symlink itself, not on its target. That is a robustness matter, not a TOCTOU vulnerability.
_MUTATING_USES = {
    "os.rename": 0, "os.replace": 0, "os.chmod": 0, "os.chown": 0, "os.symlink": 1, "os.link": 1,
    "shutil.move": 0, "shutil.copy": 1, "shutil.copyfile": 1, "shutil.copy2": 1,
}
_PATH_MUTATORS = frozenset({"touch", "write_text", "write_bytes", "rename", "replace", "chmod"})


def _checked_path(call: ast.Call, ctx) -> tuple[str, bool] | None:
    """(dump of the path expression, whether it was os.access) for a file-existence or permission check."""
    name = ctx.call_name(call)
    if name in _FILE_CHECKS and call.args:
        return ast.dump(call.args[0]), name == "os.access"
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _PATH_METHOD_CHECKS and not call.args:
        return ast.dump(func.value), False
    return None


def _used_paths(call: ast.Call, ctx, after_access: bool) -> list[str]:
    """Path expressions a call writes or changes (any open() after os.access: the classic setuid race). An
    exclusive create (mode 'x', O_EXCL) fails on a file that appeared meanwhile, so it is the fix, not a use."""
    name = ctx.call_name(call)
    if name == "os.open" and call.args:
        flags = ctx.arg(call, 1, "flags")
        exclusive = flags is not None and any(isinstance(n, (ast.Attribute, ast.Name)) and
                                              (getattr(n, "attr", None) or getattr(n, "id", None)) == "O_EXCL"
                                              for n in ast.walk(flags))
        return [] if exclusive else [ast.dump(call.args[0])]
    if name in {"builtins.open", "io.open"} and call.args:
        mode = ctx.literal(ctx.arg(call, 1, "mode"), "r")
        writes = not isinstance(mode, str) or (any(c in mode for c in "wa+") and "x" not in mode)
        return [ast.dump(call.args[0])] if writes or after_access else []
    if name in _MUTATING_USES:
        index = _MUTATING_USES[name]
        arg = ctx.arg(call, index)
        return [ast.dump(arg)] if arg is not None else []
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _PATH_MUTATORS:
        return [ast.dump(func.value)]
    return []


@pattern_rule(
    id="file-check-then-use", cwe=367, severity="medium", confidence="low",
    title="File checked, then used in a separate step (TOCTOU race)",
    message="Between the existence/permission check and the use, another process can create or swap the file (or "
            "plant a symlink), so the check no longer holds when the file is written, moved or its mode changed.",
    fix="Skip the check and handle the outcome of the operation itself: open with mode 'x' (O_CREAT | O_EXCL), "
        "os.replace onto the final name; for permission checks open the file (O_NOFOLLOW) and use os.fstat / "
        "os.fchmod on the descriptor.",
    nodes=(ast.If,),
)
def file_check_then_use(node: ast.If, ctx) -> Iterator[Hit]:
    checks = [c for c in ast.walk(node.test) if isinstance(c, ast.Call)]
    found = [(p, c) for c in checks if (p := _checked_path(c, ctx)) is not None]
    if not found:
        return
    after = _after_guard_clause(node, ctx)
    for block, when_true in ((node.body, True), (node.orelse, False), (after, False)):
        for stmt in block:
            for n in ast.walk(stmt):
                if not isinstance(n, ast.Call):
                    continue
                for (path, is_access), check in found:
                    if path not in _used_paths(n, ctx, after_access=is_access):
                        continue
                    if not is_access and not _check_protects(node.test, check, when_true):
                        continue  # the use runs only where the file exists: the check guarantees nothing
                    if not is_access and not _others_may_write(check.args[0] if check.args else check.func.value,
                                                               node, ctx):
                        continue
                    yield Hit(n, confidence=Confidence.MEDIUM if is_access else None)
                    return


def _check_protects(test: ast.AST, check: ast.Call, when_true: bool) -> bool:
    """Whether an existence check stands between the use and a file that appears meanwhile: the use runs where
    the file was *absent* (``if not exists(p): open(p, "w")``, ``if exists(p): raise`` then the write), so a
    file or symlink planted in between is written through. Where the use runs only if the file exists
    (``if exists(p): os.chmod(p)``, ``if not exists(p): raise`` then the use), the check chooses an error
    message or skips a step, and a swap gives an attacker nothing they could not do without it. A compound
    test is taken as protecting."""
    if test is check:
        return not when_true
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and test.operand is check:
        return when_true
    if isinstance(test, ast.BoolOp):
        operand = next((v for v in test.values if v is check or (isinstance(v, ast.UnaryOp) and
                                                                 isinstance(v.op, ast.Not) and v.operand is check)),
                       None)
        # the use in the if-branch of ``a and c`` / ``a or c`` runs with c as tested; in the else-branch of
        # ``a or c`` with c false; in the else-branch of ``a and c`` anything may hold
        if operand is not None and (when_true or isinstance(test.op, ast.Or)):
            return _check_protects(operand, check, when_true)
    return True


_SHARED_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/", "/tmp", "/var/tmp", "/dev/shm")
_TEMP_CALLS = frozenset({"tempfile.gettempdir", "tempfile.mktemp", "tempfile.gettempdirb"})


def _others_may_write(path: ast.AST, node: ast.AST, ctx, depth: int = 0) -> bool:
    """Evidence that someone else can change the path between the check and the use: it lies in a shared
    temporary directory, or it is handed in by the caller (a parameter of the enclosing function, as a
    privileged service's API takes it). A path the function builds itself inside the program's own tree (a
    management command writing into the project, a service into the directory it owns) has no such writer."""
    for n in ast.walk(path):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and \
                (n.value in _SHARED_DIRS or n.value.startswith(_SHARED_DIRS[:3])):
            return True
        if isinstance(n, ast.Call) and ctx.call_name(n) in _TEMP_CALLS:
            return True
    scope = ctx.enclosing_function(node)
    if scope is None:
        return False
    params = {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)} - {"self", "cls"}
    if any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(path)):
        return True
    if isinstance(path, ast.Name) and depth < 2:  # pidfile = os.path.join(tempfile.gettempdir(), "x.pid")
        for n in ctx.scope_nodes(scope):
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == path.id for t in n.targets):
                if _others_may_write(n.value, node, ctx, depth + 1):
                    return True
    return False


def _after_guard_clause(node: ast.If, ctx) -> list[ast.stmt]:
    """``if os.path.exists(p): raise …`` guards the statements that follow it in the same block."""
    if node.orelse or not isinstance(node.body[-1], (ast.Raise, ast.Return, ast.Continue, ast.Break)):
        return []
    parent = ctx.parent(node)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is node for s in block):
            index = next(i for i, s in enumerate(block) if s is node)
            return block[index + 1:]
    return []


# --- validation before canonicalisation -------------------------------------------------------------------------

_CANONICALIZERS = frozenset({"os.path.normpath", "os.path.abspath", "os.path.realpath", "urllib.parse.unquote",
                             "urllib.parse.unquote_plus", "html.unescape", "unicodedata.normalize",
                             "posixpath.normpath"})


def _rejects(body: list[ast.stmt], ctx) -> bool:
    """An if-branch that turns the input away: ends in raise, abort() or a refusing return."""
    last = body[-1]
    if isinstance(last, ast.Raise):
        return True
    if isinstance(last, ast.Return):  # return None / False / ("bad name", 400): a refusal, not a special case
        value = last.value
        return value is None or isinstance(value, ast.Tuple) or isinstance(value, ast.Constant) and value.value in (None, False)
    return (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and (ctx.call_name(last.value) or "").rsplit(".", 1)[-1] in {"abort", "exit"})


def _whole_value(expr: ast.AST, ctx) -> str | None:
    """The local name whose whole value is canonicalised: ``unquote(name)``, ``normpath(join(BASE, name))``."""
    if isinstance(expr, ast.Call) and ctx.call_name(expr) in {"os.path.join", "posixpath.join"} and expr.args:
        expr = expr.args[-1]
    if isinstance(expr, ast.Name) and expr.id not in ctx.names.aliases and expr.id not in ctx.names.module_defs:
        return expr.id
    return None


_CONTENT_METHODS = frozenset({"startswith", "endswith", "match", "search", "fullmatch", "isalnum", "isidentifier",
                              "isascii", "count", "find", "index"})


def _content_check(test: ast.AST, names: set[str], ctx) -> bool:
    """A test on what the value contains ('..' in name, name.startswith('/'), re.match(...)).

    Equality is left out: ``if name == "": return`` handles a special case rather than validating content.
    """
    for n in ast.walk(test):
        if isinstance(n, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops):
            if any(isinstance(o, ast.Name) and o.id in names for o in [n.left, *n.comparators]):
                return True
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _CONTENT_METHODS:
            args = [n.func.value, *n.args]
            if any(isinstance(a, ast.Name) and a.id in names for a in args):
                return True
    return False


@per_module
def _module_canonicalizes(ctx) -> bool:
    return any(call.args and ctx.call_name(call) in _CANONICALIZERS for call in ctx.nodes_of_type(ast.Call))


@pattern_rule(
    id="validate-before-canonicalize", cwe=180, severity="medium", confidence="medium",
    title="Input validated before it is normalised or decoded",
    message="The check looks at the raw value, but the code then normalises or decodes it (normpath, realpath, "
            "unquote, unescape) and uses the result unchecked, so '%2e%2e/' or 'a/../../etc' passes the check "
            "and turns into what it was meant to block.",
    fix="Normalise/decode first, then validate the final value (e.g. resolve the path and check it is inside "
        "the base directory with os.path.commonpath), and use exactly the value you validated.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_imports=("os", "urllib", "html", "unicodedata", "posixpath"),
    requires_words=("normpath", "abspath", "realpath", "unquote", "unescape", "normalize"),
)
def validate_before_canonicalize(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if not _module_canonicalizes(ctx):
        return
    own = ctx.scope_nodes(node)
    guards = [n for n in own if isinstance(n, ast.Assert) or isinstance(n, ast.If) and _rejects(n.body, ctx)]
    if not guards:
        return
    tests = [(n.lineno, n.test) for n in own if isinstance(n, (ast.If, ast.While, ast.Assert))]
    for call in own:
        if not (isinstance(call, ast.Call) and ctx.call_name(call) in _CANONICALIZERS and call.args):
            continue
        raw = _whole_value(call.args[-1], ctx)
        if raw is None:
            continue
        validated = any(g.lineno < call.lineno and _content_check(g.test, {raw}, ctx)
                        and not any(a is g for a in ctx.ancestors(call)) for g in guards)
        if not validated:
            continue
        parent = ctx.parent(call)
        result = ({t.id for t in parent.targets if isinstance(t, ast.Name)}
                  if isinstance(parent, ast.Assign) and parent.value is call else set())
        if result and any(line > call.lineno and result & names_in(test) for line, test in tests):
            continue  # the normalised value is checked again
        yield Hit(call)


# --- loops that cannot end ---------------------------------------------------------------------------------------

_EXITS = (ast.Break, ast.Return, ast.Raise, ast.Yield, ast.YieldFrom, ast.Await)
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _condition_names(test: ast.AST) -> set[str] | None:
    """Names in a condition made only of ordering comparisons of names and numbers (i < n, lo <= hi)."""
    if isinstance(test, ast.BoolOp):
        out: set[str] = set()
        for v in test.values:
            sub = _condition_names(v)
            if sub is None:
                return None
            out |= sub
        return out
    if not (isinstance(test, ast.Compare) and all(isinstance(op, _ORDERING) for op in test.ops)):
        return None
    names = set()
    for operand in [test.left, *test.comparators]:
        if isinstance(operand, ast.Name):
            names.add(operand.id)
        elif not (isinstance(operand, ast.Constant) and isinstance(operand.value, (int, float))):
            return None
    return names or None


def _rebinds(stmt: ast.AST, names: set[str]) -> bool:
    for n in ast.walk(stmt):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)) and n.id in names:
            return True
        if isinstance(n, (ast.Global, ast.Nonlocal)) and names & set(n.names):
            return True
    return False


def _leaves_loop(body: list[ast.stmt], ctx) -> bool:
    """A break/return/raise/yield/await/exit call that can end or suspend this loop."""
    for stmt in body:
        for n in _walk_loop_body(stmt):
            if isinstance(n, _EXITS):
                return True
            if isinstance(n, ast.Call) and ctx.call_name(n) in {"sys.exit", "os._exit", "builtins.exit",
                                                                "builtins.quit", "os.abort"}:
                return True
    return False


def _walk_loop_body(stmt: ast.AST, nested_loop: bool = False) -> Iterator[ast.AST]:
    """Walk a loop body; a break inside a nested loop ends that loop, not ours."""
    if isinstance(stmt, ast.Break) and nested_loop:
        return
    yield stmt
    if isinstance(stmt, _SCOPES):
        return
    for child in ast.iter_child_nodes(stmt):
        yield from _walk_loop_body(child, nested_loop or isinstance(stmt, _LOOPS))


@pattern_rule(
    id="loop-condition-never-changes", cwe=835, severity="medium", confidence="high",
    title="Loop condition can never become false",
    message="Nothing in the loop assigns the variables its condition compares, and the loop has no break, "
            "return or raise, so once entered it spins forever and pins a CPU.",
    fix="Update the loop variable in the body (e.g. i += 1), or loop over a range/iterator instead of a while.",
    nodes=(ast.While,),
)
def loop_condition_never_changes(node: ast.While, ctx) -> Iterator[Hit]:
    names = _condition_names(node.test)
    if not names or node.orelse:
        return
    if any(_rebinds(stmt, names) for stmt in node.body) or _leaves_loop(node.body, ctx):
        return
    func = ctx.enclosing_function(node)
    if func is None:
        return  # module-level names can be changed by anything the loop calls
    for n in ast.walk(func):
        if isinstance(n, (ast.Global, ast.Nonlocal)) and names & set(n.names):
            return
    if not names <= _locals_of(func, ctx):
        return  # a closure or global variable: another function (a signal handler, a thread) may change it
    yield Hit(node.test)


def _locals_of(func: ast.FunctionDef | ast.AsyncFunctionDef, ctx) -> set[str]:
    args = func.args
    out = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    out |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for n in ctx.scope_nodes(func):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.add(n.id)
    return out
