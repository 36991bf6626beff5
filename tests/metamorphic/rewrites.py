"""Rewrites of a taint case that keep its verdict or flip it to safe: the metamorphic relations of the suite.

Each rewrite acts on one sink call of a case file — the call on a line marked ``# expect: CWE-NNN`` — and on the
expression ``E`` it passes first (its first positional argument, else its first keyword argument). A *keep*
rewrite carries ``E`` to the sink another way (a local, a container element, an object field, a helper, a
closure, an exception, ...): the finding must stay, on the sink's new line. A *flip* rewrite makes the value that
reaches the sink a constant in a way only a precise analysis can see (overwritten, another element, a dead
branch, a helper that drops it): the finding must go. Flips apply only where ``E`` is what carries the taint:
the ``constant`` rewrite (``E`` replaced by a string literal) must itself be clean, or the case has another
tainted argument and a flip would prove nothing.

Rewrites edit the source text (statements inserted before the sink's statement, ``E`` replaced in place, helpers
appended at the end), so comments and layout survive and the sink's line is known exactly.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

SIMPLE_STATEMENTS = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)


@dataclass(frozen=True)
class Site:
    """One sink call of a case: the statement holding it and the expression it receives first."""

    line: int  # the marked line (the sink's line in the case)
    stmt: ast.stmt
    arg: ast.expr
    movable: bool  # E can be computed in a statement of its own before the sink's statement


@dataclass(frozen=True)
class Rewrite:
    name: str
    keeps: bool  # True: the finding stays; False: the finding goes
    before: Callable[[str], list[str]] | None = None  # statements to insert before the sink statement
    replace: Callable[[str], str] = lambda e: e  # the new text in place of E
    helpers: tuple[str, ...] = ()  # module-level code appended to the file
    needs_move: bool = False  # uses ``before``: E is evaluated earlier than the sink statement
    pairs: bool = True  # also composed with the PAIRED rewrites (generate.py); off where a pair proves nothing new


def _r(name, keeps, before=None, replace=lambda e: e, helpers=(), needs_move=None, pairs=True):
    moves = before is not None if needs_move is None else needs_move
    return Rewrite(name, keeps, before, replace, tuple(helpers), moves, pairs)


CONST = "'mm-constant'"

REWRITES: tuple[Rewrite, ...] = (
    # --- the verdict stays -------------------------------------------------------------------------------------
    _r("local", True, lambda e: [f"mm_value = {e}"], lambda e: "mm_value"),
    _r("chained_locals", True, lambda e: [f"mm_first = {e}", "mm_second = mm_first", "mm_third = mm_second"],
       lambda e: "mm_third"),
    _r("list_element", True, lambda e: [f"mm_items = [{e}]"], lambda e: "mm_items[0]"),
    _r("list_append", True, lambda e: ["mm_items = []", f"mm_items.append({e})"], lambda e: "mm_items[0]"),
    _r("dict_value", True, lambda e: [f"mm_table = {{'key': {e}}}"], lambda e: "mm_table['key']"),
    _r("dict_store", True, lambda e: ["mm_table = {}", f"mm_table['key'] = {e}"], lambda e: "mm_table['key']"),
    _r("tuple_unpack", True, lambda e: [f"mm_unused, mm_value = {CONST}, {e}"], lambda e: "mm_value"),
    _r("set_element", True, lambda e: [f"mm_bag = {{{e}}}"], lambda e: "next(iter(mm_bag))"),
    _r("identity_helper", True, replace=lambda e: f"mm_identity({e})",
       helpers=("def mm_identity(value):\n    return value\n",)),
    _r("two_helpers", True, replace=lambda e: f"mm_outer({e})",
       helpers=("def mm_inner(value):\n    return value\n", "def mm_outer(value):\n    return mm_inner(value)\n")),
    _r("object_field", True, lambda e: [f"mm_box = MmBox({e})"], lambda e: "mm_box.value",
       helpers=("class MmBox:\n    def __init__(self, value):\n        self.value = value\n",)),
    _r("getter_method", True, lambda e: [f"mm_box = MmHolder({e})"], lambda e: "mm_box.get()",
       helpers=("class MmHolder:\n    def __init__(self, value):\n        self._value = value\n\n"
                "    def get(self):\n        return self._value\n",)),
    _r("subclass_super", True, lambda e: [f"mm_box = MmChild({e})"], lambda e: "mm_box.value",
       helpers=("class MmParent:\n    def __init__(self, value):\n        self.value = value\n",
                "class MmChild(MmParent):\n    def __init__(self, value):\n        super().__init__(value)\n")),
    _r("overridden_method", True, lambda e: [f"mm_box = MmDerived({e})"], lambda e: "mm_box.get()",
       helpers=("class MmBase:\n    def __init__(self, value):\n        self.value = value\n\n"
                "    def get(self):\n        return ''\n",
                "class MmDerived(MmBase):\n    def get(self):\n        return self.value\n")),
    _r("dataclass_field", True, lambda e: [f"mm_record = MmRecord({e})"], lambda e: "mm_record.value",
       helpers=("import dataclasses\n\n\n@dataclasses.dataclass\nclass MmRecord:\n    value: object\n",)),
    _r("namedtuple_field", True, lambda e: [f"mm_record = MmPair({CONST}, {e})"], lambda e: "mm_record.second",
       helpers=("import collections\n\nMmPair = collections.namedtuple('MmPair', ['first', 'second'])\n",)),
    _r("lambda", True, replace=lambda e: f"(lambda mm_x: mm_x)({e})"),
    _r("closure", True, lambda e: [f"mm_captured = {e}", "def mm_read():", "    return mm_captured"],
       lambda e: "mm_read()"),
    _r("decorated_helper", True, replace=lambda e: f"mm_decorated({e})",
       helpers=("import functools\n\n\ndef mm_logged(function):\n    @functools.wraps(function)\n"
                "    def wrapper(*args, **kwargs):\n        return function(*args, **kwargs)\n    return wrapper\n",
                "@mm_logged\ndef mm_decorated(value):\n    return value\n")),
    _r("generator", True, replace=lambda e: f"next(mm_produce({e}))",
       helpers=("def mm_produce(value):\n    yield value\n",)),
    _r("star_args", True, replace=lambda e: f"mm_first_of({e})",
       helpers=("def mm_first_of(*values):\n    return values[0]\n",)),
    _r("star_kwargs", True, replace=lambda e: f"mm_named(value={e})",
       helpers=("def mm_named(**options):\n    return options['value']\n",)),
    _r("exception_argument", True,
       lambda e: ["try:", f"    raise MmCarrier({e})", "except MmCarrier as mm_error:", "    mm_value = mm_error.args[0]"],
       lambda e: "mm_value", helpers=("class MmCarrier(Exception):\n    pass\n",)),
    _r("module_global", True, lambda e: ["global MM_SHARED", f"MM_SHARED = {e}"], lambda e: "MM_SHARED",
       helpers=("MM_SHARED = None\n",)),
    _r("format_field", True, replace=lambda e: f"'{{1}}'.format({CONST}, {e})", pairs=False),
    _r("deque_element", True,
       lambda e: ["import collections", "mm_queue = collections.deque()", f"mm_queue.append({e})",
                  f"mm_queue.append({CONST})"], lambda e: "mm_queue.popleft()", pairs=False),
    _r("star_unpack", True, lambda e: [f"*mm_rest, mm_value = [{CONST}, {e}]"], lambda e: "mm_value", pairs=False),
    _r("counted_loop", True, lambda e: ["mm_round = 0", "while mm_round < 1:", f"    mm_value = {e}",
                                          "    mm_round += 1"], lambda e: "mm_value"),
    _r("setattr_field", True, lambda e: ["mm_box = MmBox()", f"setattr(mm_box, 'value', {e})"],
       lambda e: "getattr(mm_box, 'value')", helpers=("class MmBox:\n    value = None\n",)),
    _r("queue_element", True, lambda e: ["import queue", "mm_queue = queue.Queue()", f"mm_queue.put({e})"],
       lambda e: "mm_queue.get()"),
    _r("zip_dict", True, lambda e: [f"mm_table = dict(zip(['one', 'two'], [{CONST}, {e}]))"],
       lambda e: "mm_table['two']"),
    _r("conditional_expression", True, replace=lambda e: f"({e} if len(str({CONST})) else {CONST})"),
    _r("dict_comprehension", True,
       lambda e: [f"mm_table = {{mm_k: mm_v for mm_k, mm_v in {{'one': {CONST}, 'two': {e}}}.items()}}"],
       lambda e: "mm_table['two']"),
    _r("closure_nonlocal", True, lambda e: [f"mm_value = {CONST}", "def mm_load():", "    nonlocal mm_value",
                                            f"    mm_value = {e}", "mm_load()"], lambda e: "mm_value"),
    _r("closure_container", True, lambda e: ["mm_box = {}", "def mm_fill():", f"    mm_box['v'] = {e}",
                                             "mm_fill()"], lambda e: "mm_box['v']"),
    _r("try_handler_keeps", True, lambda e: [f"mm_value = {CONST}", "try:", f"    mm_value = {e}",
                                             "    mm_value = str(int(mm_value))", "except ValueError:", "    pass"],
       lambda e: "mm_value"),
    _r("dataclass_field", True, replace=lambda e: f"MmRecord({e}, {CONST}).tainted",
       helpers=("import dataclasses\n\n\n@dataclasses.dataclass\nclass MmRecord:\n    tainted: object\n"
                "    fixed: object = None\n",)),
    _r("named_percent", True, replace=lambda e: f"'%(a)s' % {{'a': {e}, 'b': {CONST}}}"),
    _r("enumerate_element", True, lambda e: [f"mm_value = {CONST}", f"for mm_i, mm_item in enumerate([{e}]):",
                                             "    mm_value = mm_item"], lambda e: "mm_value"),
    _r("max_of", True, replace=lambda e: f"max([{e}])"),
    _r("builder_chain", True, replace=lambda e: f"MmBuilder().put({e}).take()",
       helpers=("class MmBuilder:\n    def put(self, value):\n        self.value = value\n        return self\n\n"
                "    def take(self):\n        return self.value\n",)),
    _r("list_comprehension", True, lambda e: [f"mm_items = [mm_x for mm_x in [{e}, {CONST}]]"],
       lambda e: "mm_items[0]"),
    _r("literal_loop_last", True, lambda e: [f"mm_value = {CONST}", f"for mm_x in [{CONST}, {e}]:",
                                             "    mm_value = mm_x"], lambda e: "mm_value"),
    _r("dict_call", True, lambda e: [f"mm_table = dict(one={CONST}, two={e})"], lambda e: "mm_table['two']"),
    _r("generator_first_slot", True, replace=lambda e: f"next(mm_x for mm_x in [{e}, {CONST}])"),
    _r("later_sibling", True, lambda e: ["def mm_outer(mm_v):", "    return mm_inner(mm_v)", "def mm_inner(mm_v):",
                                         "    return mm_v"], lambda e: f"mm_outer({e})"),
    _r("partial_bound", True, lambda e: ["import functools", "mm_bound = functools.partial(mm_keep_first, " + e + ")"],
       lambda e: f"mm_bound({CONST})", helpers=("def mm_keep_first(first, second):\n    return first\n",)),
    # --- the verdict flips to safe -----------------------------------------------------------------------------
    _r("constant", False, replace=lambda e: CONST),
    _r("overwritten", False, lambda e: [f"mm_value = {e}", f"mm_value = {CONST}"], lambda e: "mm_value"),
    _r("other_list_element", False, lambda e: [f"mm_items = [{e}, {CONST}]"], lambda e: "mm_items[1]"),
    _r("other_dict_key", False, lambda e: [f"mm_table = {{'tainted': {e}, 'fixed': {CONST}}}"],
       lambda e: "mm_table['fixed']"),
    _r("dead_branch", False, lambda e: [f"mm_value = {CONST}", "if False:", f"    mm_value = {e}"],
       lambda e: "mm_value"),
    _r("helper_drops_value", False, replace=lambda e: f"mm_drop({e})",
       helpers=("def mm_drop(value):\n    return " + CONST + "\n",)),
    _r("folded_branch", False,
       lambda e: ["mm_num = 106", f"mm_value = {CONST} if 7 * 18 + mm_num > 200 else {e}"], lambda e: "mm_value",
       pairs=False),
    _r("allowlist_guard", False,
       lambda e: [f"mm_value = {e}", "if mm_value not in ('alpha', 'beta'):", f"    mm_value = {CONST}"],
       lambda e: "mm_value", pairs=False),
    _r("int_conversion", False, replace=lambda e: f"str(int({e}))", pairs=False),
    _r("table_lookup", False, replace=lambda e: f"{{'a': 'alpha', 'b': 'beta'}}.get({e}, {CONST})", pairs=False),
    _r("try_int", False,
       lambda e: ["try:", f"    mm_number = int({e})", "except ValueError:", "    mm_number = 0"],
       lambda e: "str(mm_number)", pairs=False),
    _r("loop_overwrite", False,
       lambda e: [f"mm_value = {e}", "for mm_round in range(3):", f"    mm_value = {CONST}"], lambda e: "mm_value",
       pairs=False),
    _r("both_branches", False,
       lambda e: [f"if len(str({e})) > 3:", "    mm_value = 'alpha'", "else:", "    mm_value = 'beta'"],
       lambda e: "mm_value", pairs=False),
    _r("cleared_list", False,
       lambda e: [f"mm_items = [{e}]", "mm_items.clear()", f"mm_items.append({CONST})"], lambda e: "mm_items[0]",
       pairs=False),
    _r("format_other_argument", False, replace=lambda e: f"'{{0}}'.format({CONST}, {e})", pairs=False),
    _r("other_argument", False, replace=lambda e: f"mm_second_of({e}, {CONST})",
       helpers=("def mm_second_of(first, second):\n    return second\n",), pairs=False),
    _r("list_remove", False,
       lambda e: ["mm_picked = " + e, f"mm_items = [mm_picked, {CONST}]", "mm_items.remove(mm_picked)"],
       lambda e: "mm_items[0]", pairs=False),
    _r("deque_popleft", False,
       lambda e: ["import collections", "mm_queue = collections.deque()", f"mm_queue.append({CONST})",
                  f"mm_queue.append({e})"], lambda e: "mm_queue.popleft()", pairs=False),
    _r("empty_loop", False, lambda e: [f"mm_value = {CONST}", "for mm_round in []:", f"    mm_value = {e}"],
       lambda e: "mm_value", pairs=False),
    _r("sliced_away", False, lambda e: [f"mm_items = [{e}, {CONST}][1:]"], lambda e: "mm_items[0]", pairs=False),
    _r("deleted_key", False, lambda e: [f"mm_table = {{'key': {e}}}", "del mm_table['key']"],
       lambda e: f"mm_table.get('key', {CONST})", pairs=False),
    _r("star_unpack_other", False, lambda e: [f"mm_value, *mm_rest = [{CONST}, {e}]"], lambda e: "mm_value",
       pairs=False),
    _r("getattr_other", False, lambda e: ["mm_box = MmBox()", f"setattr(mm_box, 'value', {e})",
                                          f"setattr(mm_box, 'other', {CONST})"],
       lambda e: "getattr(mm_box, 'other')", helpers=("class MmBox:\n    value = other = None\n",), pairs=False),
    _r("queue_order", False, lambda e: ["import queue", "mm_queue = queue.Queue()", f"mm_queue.put({CONST})",
                                        f"mm_queue.put({e})"], lambda e: "mm_queue.get()", pairs=False),
    _r("replace_absent", False, replace=lambda e: f"{CONST}.replace('#', str({e}))", pairs=False),
    _r("reversed_other", False, lambda e: [f"mm_items = list(reversed([{CONST}, {e}]))"], lambda e: "mm_items[1]",
       pairs=False),
    _r("zip_other_key", False, lambda e: [f"mm_table = dict(zip(['one', 'two'], [{e}, {CONST}]))"],
       lambda e: "mm_table['two']", pairs=False),
    _r("dict_comprehension_other_key", False,
       lambda e: [f"mm_table = {{mm_k: mm_v for mm_k, mm_v in {{'one': {e}, 'two': {CONST}}}.items()}}"],
       lambda e: "mm_table['two']", pairs=False),
    _r("closure_nonlocal_reset", False, lambda e: [f"mm_value = {e}", "def mm_reset():", "    nonlocal mm_value",
                                                   f"    mm_value = {CONST}", "mm_reset()"], lambda e: "mm_value",
       pairs=False),
    _r("try_literal_reassigned", False, lambda e: [f"mm_value = {e}", "try:", f"    mm_value = {CONST}",
                                                   "except Exception:", f"    mm_value = {e}"],
       lambda e: "mm_value", pairs=False),
    _r("dataclass_other_field", False, replace=lambda e: f"MmRecord({e}, {CONST}).fixed", pairs=False,
       helpers=("import dataclasses\n\n\n@dataclasses.dataclass\nclass MmRecord:\n    tainted: object\n"
                "    fixed: object = None\n",)),
    _r("namedtuple_other_item", False, replace=lambda e: f"MmPair({e}, {CONST})[1]", pairs=False,
       helpers=("import collections\n\nMmPair = collections.namedtuple('MmPair', ['tainted', 'fixed'])\n",)),
    _r("named_percent_other", False, replace=lambda e: f"'%(b)s' % {{'a': {e}, 'b': {CONST}}}", pairs=False),
    _r("enumerate_index", False, replace=lambda e: f"str([mm_i for mm_i, mm_v in enumerate([{e}])][0])",
       pairs=False),
    _r("list_comprehension_other_item", False, lambda e: [f"mm_items = [mm_x for mm_x in [{e}, {CONST}]]"],
       lambda e: "mm_items[1]", pairs=False),
    _r("lambda_other_argument", False, replace=lambda e: f"(lambda mm_a, mm_b: mm_b)({e}, {CONST})", pairs=False),
    _r("literal_loop_last_other", False, lambda e: [f"mm_value = {e}", f"for mm_x in [{e}, {CONST}]:",
                                                    "    mm_value = mm_x"], lambda e: "mm_value", pairs=False),
    _r("dict_call_other_key", False, lambda e: [f"mm_table = dict(one={e}, two={CONST})"],
       lambda e: "mm_table['two']", pairs=False),
    _r("generator_first_slot_other", False, replace=lambda e: f"next(mm_x for mm_x in [{CONST}, {e}])", pairs=False),
    _r("later_sibling_drops", False, lambda e: ["def mm_outer(mm_v):", "    return mm_inner(mm_v)",
                                                "def mm_inner(mm_v):", f"    return {CONST}"],
       lambda e: f"mm_outer({e})", pairs=False),
    _r("star_args_other", False, replace=lambda e: f"mm_first_of({CONST}, {e})", pairs=False,
       helpers=("def mm_first_of(*values):\n    return values[0]\n",)),
    _r("star_kwargs_other", False, replace=lambda e: f"mm_named(value={CONST}, other={e})", pairs=False,
       helpers=("def mm_named(**options):\n    return options['value']\n",)),
    _r("multiplied_by_zero", False, replace=lambda e: f"({e}) * 0 + {CONST}", pairs=False),
    _r("partial_other_argument", False,
       lambda e: ["import functools", "mm_bound = functools.partial(mm_keep_second, " + e + ")"],
       lambda e: f"mm_bound({CONST})", helpers=("def mm_keep_second(first, second):\n    return second\n",),
       pairs=False),
    _r("predicate_helper_guard", False,
       lambda e: [f"mm_value = {e}", "if not mm_allowed(mm_value):", f"    mm_value = {CONST}"], lambda e: "mm_value",
       helpers=("def mm_allowed(value):\n    return value in ('alpha', 'beta')\n",), pairs=False),
    _r("validator_helper_guard", False, lambda e: [f"mm_value = {e}", "mm_require_known(mm_value)"],
       lambda e: "mm_value", pairs=False,
       helpers=("def mm_require_known(value):\n    if value not in ('alpha', 'beta'):\n        raise ValueError(value)\n",)),
    _r("other_field", False, lambda e: [f"mm_box = MmTwo({e})"], lambda e: "mm_box.fixed",
       helpers=("class MmTwo:\n    def __init__(self, value):\n        self.tainted = value\n"
                "        self.fixed = " + CONST + "\n",)),
)


def sites(tree: ast.Module, line: int) -> list[Site]:
    """The sink call on ``line``: the widest call starting there, in the innermost statement holding the line."""
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    stmts = [n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno <= line <= (n.end_lineno or n.lineno)
             and not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if not stmts:
        return []
    stmt = max(stmts, key=lambda n: (n.lineno, -(n.end_lineno or 0)))
    def first_argument(call: ast.Call) -> ast.expr | None:
        arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg), None)
        return None if arg is None or isinstance(arg, (ast.Constant, ast.Starred)) else arg

    # the innermost call starting on the line that receives something other than a constant: the sink itself in
    # ``HttpResponse(mark_safe(x))`` or ``annotate(score=RawSQL(q))``, not the call wrapped around it
    calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call) and n.lineno == line and first_argument(n)]
    if not calls:
        return []
    call = min(calls, key=lambda c: ((c.end_lineno or 0) - c.lineno, (c.end_col_offset or 0) - c.col_offset))
    arg = first_argument(call)
    inside = arg
    movable = isinstance(stmt, SIMPLE_STATEMENTS) and stmt.lineno == line
    while inside in parents:
        inside = parents[inside]
        if isinstance(inside, (ast.Lambda, ast.comprehension, ast.ListComp, ast.SetComp, ast.DictComp,
                               ast.GeneratorExp, ast.NamedExpr)):
            movable = False
        if inside is stmt:
            break
    if any(isinstance(n, (ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)) for n in ast.walk(arg)):
        movable = False
    in_function = any(isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) for p in _ancestors(stmt, parents))
    if not in_function:
        movable = False  # 'global' and closures need a function around the sink
    return [Site(line, stmt, arg, movable)]


def _ancestors(node: ast.AST, parents: dict) -> list[ast.AST]:
    out = []
    while node in parents:
        node = parents[node]
        out.append(node)
    return out


def apply(source: str, site: Site, rewrite: Rewrite) -> tuple[str, int] | None:
    """(rewritten source, the sink's line in it), or None when the rewrite does not fit this site."""
    if rewrite.needs_move and not site.movable:
        return None
    lines = source.splitlines(keepends=True)
    arg = site.arg
    first, last = arg.lineno - 1, (arg.end_lineno or arg.lineno) - 1
    text = _segment(lines, arg)
    if text is None:
        return None
    if "\n" in text:
        text = "(" + text + ")"
    new = rewrite.replace(text)
    head = lines[first][:_char(lines[first], arg.col_offset)]
    tail = lines[last][_char(lines[last], arg.end_col_offset or 0):]
    lines[first:last + 1] = [head + new + tail]
    inserted = 0
    if rewrite.before is not None:
        stmt_line = site.stmt.lineno - 1
        indent = lines[stmt_line][:len(lines[stmt_line]) - len(lines[stmt_line].lstrip())]
        extra = [indent + part + "\n" for part in rewrite.before(text)]
        lines[stmt_line:stmt_line] = extra
        inserted = sum(part.count("\n") for part in extra)  # E may span lines
    out = "".join(lines)
    if rewrite.helpers:
        out = out.rstrip("\n") + "\n\n\n" + "\n\n".join(rewrite.helpers)
    try:
        ast.parse(out)
    except SyntaxError:
        return None
    return out, site.line + inserted


def _char(line: str, byte_offset: int) -> int:
    """ast offsets are UTF-8 bytes; string slicing needs characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


def _segment(lines: list[str], node: ast.expr) -> str | None:
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    start, end = _char(lines[first], node.col_offset), _char(lines[last], node.end_col_offset or 0)
    if first == last:
        return lines[first][start:end]
    return lines[first][start:] + "".join(lines[first + 1:last]) + lines[last][:end]
