"""CWE-682 Incorrect Calculation: arithmetic that is wrong for some inputs: dividing by a number the client
chose (it can be zero), binary floating point for money, and loop bounds one past the end.
"""

from __future__ import annotations

import ast
import functools
from typing import Iterator

from .common import handler_types, name_words, names_in, per_module
from .registry import Hit, pattern_rule


# --- division by a client-chosen number ---------------------------------------------------------------------

_REQUEST_PARTS = frozenset({"args", "form", "values", "GET", "POST", "query_params", "json", "data", "cookies",
                            "headers", "path_params", "match_info", "query", "get_json"})
_NUMBER_CONVERSIONS = frozenset({"builtins.int", "builtins.float", "decimal.Decimal", "fractions.Fraction"})
_ZERO_HANDLERS = frozenset({"ZeroDivisionError", "ArithmeticError", "Exception", "BaseException",
                            "decimal.DivisionByZero", "decimal.InvalidOperation", "DivisionByZero"})


def _is_request_part(node: ast.AST, ctx) -> bool:
    """``request.args``, ``request.GET``, ``flask.request.get_json``: where a client-chosen value is read from."""
    if not (isinstance(node, ast.Attribute) and node.attr in _REQUEST_PARTS):
        return False
    base = node.value
    return isinstance(base, ast.Name) and base.id in {"request", "req"} or (ctx.qualname(base) or "").endswith(".request")


def _reads_request(expr: ast.AST, ctx) -> bool:
    """``request.args[...]``, ``request.GET.get(...)``, ``request.get_json()[...]`` and the like."""
    return any(_is_request_part(node, ctx) for node in ast.walk(expr))


@per_module
def _module_reads_request(ctx) -> bool:
    """Without any request read in the file no number can come from the client: spares the per-function search."""
    parts = _REQUEST_PARTS  # (the attribute name first: _is_request_part asks it first too, and few pass)
    if ctx.attribute_names().isdisjoint(parts):
        return False
    return any(_is_request_part(node, ctx) for node in ctx.nodes_of_type(ast.Attribute) if node.attr in parts)


def _client_number(expr: ast.AST, ctx) -> bool:
    """``int(request.args['n'])`` or Flask's ``request.args.get('n', type=int)``."""
    if not isinstance(expr, ast.Call):
        return False
    if ctx.call_name(expr) in _NUMBER_CONVERSIONS and expr.args and _reads_request(expr.args[0], ctx):
        return True
    kind = ctx.kwarg(expr, "type")
    return (kind is not None and ctx.qualname(kind) in {"builtins.int", "builtins.float"}
            and _reads_request(expr.func, ctx))


def _catches_zero_division(node: ast.AST, ctx) -> bool:
    child = node
    for anc in ctx.ancestors(node):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return False
        if isinstance(anc, ast.Try) and any(child is s for s in anc.body):
            for handler in anc.handlers:
                if handler.type is None:
                    return True
                for t in handler_types(handler):
                    name = ctx.qualname(t) or ""
                    if name.removeprefix("builtins.") in _ZERO_HANDLERS or name in _ZERO_HANDLERS:
                        return True
        child = anc
    return False


def _checked_before(name: str, line: int, func: ast.AST, ctx) -> bool:
    """Is ``name`` tested (if/while/assert/conditional), clamped (max/min) or defaulted (n or 1) before ``line``?"""
    for node in ctx.scope_nodes(func):
        if getattr(node, "lineno", line) >= line:
            continue
        tests = []
        if isinstance(node, (ast.If, ast.While, ast.Assert, ast.IfExp)):
            tests.append(node.test)
        elif isinstance(node, ast.comprehension):
            tests.extend(node.ifs)
        elif isinstance(node, ast.BoolOp):
            tests.append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"max", "min", "abs"}:
            tests.extend(node.args)
        if any(name in names_in(t) for t in tests):
            return True
    return False


@pattern_rule(
    id="division-by-client-number", cwe=369, severity="low", confidence="medium",
    title="Division by a number taken from the request without a zero check",
    message="The divisor comes straight from the client (?per_page=0), so a request with zero raises "
            "ZeroDivisionError: an unhandled 500 on demand, and wrong results wherever the error is swallowed.",
    fix="Validate the number before using it (reject or clamp values below 1, e.g. per_page = max(1, per_page)), "
        "or declare the constraint in the framework (a Query(gt=0) parameter, a form validator).",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("req",),
)
def division_by_client_number(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if not _module_reads_request(ctx):
        return
    own = ctx.scope_nodes(node)
    numbers: set[str] = set()
    for n in own:
        if isinstance(n, ast.Assign) and _client_number(n.value, ctx):
            numbers |= {t.id for t in n.targets if isinstance(t, ast.Name)}
    for n in own:
        divisor = None
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.FloorDiv, ast.Mod)):
            if isinstance(n.op, ast.Mod) and isinstance(n.left, (ast.Constant, ast.JoinedStr)):
                continue  # "%d items" % n is formatting, not arithmetic
            divisor = n.right
        elif isinstance(n, ast.AugAssign) and isinstance(n.op, (ast.Div, ast.FloorDiv, ast.Mod)):
            divisor = n.value
        elif isinstance(n, ast.Call) and ctx.call_name(n) in {"builtins.divmod", "math.fmod"} and len(n.args) == 2:
            divisor = n.args[1]
        if divisor is None:
            continue
        if isinstance(divisor, ast.Name) and divisor.id in numbers:
            if _checked_before(divisor.id, n.lineno, node, ctx) or _catches_zero_division(n, ctx):
                continue
            yield Hit(n)
        elif _client_number(divisor, ctx) and not _catches_zero_division(n, ctx):
            yield Hit(n)


# --- floating point money -------------------------------------------------------------------------------------

_MONEY_WORDS = frozenset({"price", "prices", "amount", "amounts", "total", "subtotal", "balance", "cost", "costs",
                          "fee", "fees", "tax", "vat", "charge", "payment", "refund", "salary", "wage", "wages",
                          "discount", "revenue", "payout", "fare", "budget", "debit", "credit", "cents"})
# Alone, these as often count things as money (total = len(rows)); in compounds (order_total) they are money.
_AMBIGUOUS_ALONE = frozenset({"total", "amount", "balance", "charge", "credit", "debit"})


@functools.lru_cache(maxsize=8192)  # a pure function of the name
def is_money_name(name: str) -> bool:
    """``unit_price``, ``orderTotal``, ``SHIPPING_FEE`` — the last word says it is an amount of money."""
    words = name_words(name)
    return bool(words) and words[-1] in _MONEY_WORDS and not (len(words) == 1 and words[0] in _AMBIGUOUS_ALONE)


def _money_ref(expr: ast.AST, ctx) -> bool:
    """``price``, ``order.total``, ``row["amount"]``, ``request.form["amount"]``."""
    if isinstance(expr, ast.Name):
        return is_money_name(expr.id)
    if isinstance(expr, ast.Attribute):
        return is_money_name(expr.attr)
    if isinstance(expr, ast.Subscript):
        key = ctx.literal(expr.slice)
        return isinstance(key, str) and is_money_name(key)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get" and expr.args:
        key = ctx.literal(expr.args[0])
        return isinstance(key, str) and is_money_name(key)
    return False


def _is_float_literal(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Constant) and isinstance(expr.value, float)


@pattern_rule(
    id="float-for-money", cwe=1339, severity="low", confidence="medium",
    title="Money handled as binary floating point",
    message="Binary floats cannot represent most decimal amounts (0.1 + 0.2 != 0.3), so totals, taxes and "
            "balances drift by cents and comparisons of amounts fail.",
    fix="Use decimal.Decimal built from strings (Decimal(request.form['amount'])) with explicit quantize() "
        "rounding, or integer minor units (cents).",
    nodes=(ast.Call, ast.BinOp),
)
def float_for_money(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.Call):
        if ctx.call_name(node) != "builtins.float" or len(node.args) != 1:
            return
        if isinstance(ctx.literal(node.args[0], None), str) and ctx.literal(node.args[0]).strip().lower() in {
                "inf", "-inf", "+inf", "nan", "infinity", "-infinity"}:
            return
        parent = ctx.parent(node)
        target_is_money = (isinstance(parent, (ast.Assign, ast.AugAssign)) and parent.value is node
                           and any(_money_ref(t, ctx) for t in getattr(parent, "targets", [getattr(parent, "target", None)])))
        # A float amount only does harm once it is added, multiplied or accumulated; a threshold is harmless.
        in_arithmetic = isinstance(parent, (ast.BinOp, ast.AugAssign)) or (
            isinstance(parent, ast.Call) and ctx.call_name(parent) in {"builtins.sum", "math.fsum"})
        if target_is_money or in_arithmetic and _money_ref(node.args[0], ctx):
            yield Hit(node)
    elif isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        for money, other in ((node.left, node.right), (node.right, node.left)):
            if _is_float_literal(other) and _money_ref(money, ctx):  # the cheap, rarely true test first
                yield Hit(node)
                return


# --- off-by-one loop bounds ----------------------------------------------------------------------------------

def _len_of(expr: ast.AST, ctx) -> ast.AST | None:
    """``len(X)`` → X."""
    if isinstance(expr, ast.Call) and ctx.call_name(expr) == "builtins.len" and len(expr.args) == 1:
        return expr.args[0]
    return None


def _plus_one(expr: ast.AST) -> ast.AST | None:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        if isinstance(expr.right, ast.Constant) and expr.right.value == 1:
            return expr.left
        if isinstance(expr.left, ast.Constant) and expr.left.value == 1:
            return expr.right
    return None


def _unconditional(node: ast.AST) -> Iterator[ast.AST]:
    """Nodes evaluated on every pass: not inside an if/else branch or a conditional expression's arms."""
    yield node
    if isinstance(node, (ast.If, ast.IfExp)):
        yield from _unconditional(node.test)
        return
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
        return
    for child in ast.iter_child_nodes(node):
        yield from _unconditional(child)


def _compares_index(test: ast.AST, index: str) -> bool:
    """``i + 1 < len(xs)``, ``i < n``: the index itself is compared (``xs[i] > limit`` compares an element)."""
    for cmp in ast.walk(test):
        if isinstance(cmp, ast.Compare):
            for operand in [cmp.left, *cmp.comparators]:
                if isinstance(operand, ast.Name) and operand.id == index:
                    return True
                if isinstance(operand, ast.BinOp) and index in names_in(operand):
                    return True
    return False


def _index_past_end(body: list[ast.stmt], seq_dump: str, index: str, offset_allowed: bool,
                    rebinding_allowed: bool = False) -> ast.Subscript | None:
    """First ``seq[i]`` (or ``seq[i + 1]`` when the loop already runs to len) read in ``body``, unless ``i`` is tested."""
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, (ast.If, ast.While, ast.IfExp, ast.Assert)) and _compares_index(n.test, index):
                return None  # the author bounds-checks somewhere in the loop
            if not rebinding_allowed and isinstance(n, (ast.Assign, ast.AugAssign)) and any(
                    isinstance(t, ast.Name) and t.id == index for t in getattr(n, "targets", [getattr(n, "target", None)])):
                return None
    for stmt in body:
        for n in _unconditional(stmt):
            if not (isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) and ast.dump(n.value) == seq_dump):
                continue
            s = n.slice
            if isinstance(s, ast.Name) and s.id == index and not offset_allowed:
                return n
            if offset_allowed and isinstance(_plus_one(s), ast.Name) and _plus_one(s).id == index:
                return n
    return None


@pattern_rule(
    id="off-by-one-index-loop", cwe=193, severity="low", confidence="high",
    title="Loop index runs one past the end of the sequence",
    message="The loop bound and the index disagree by one (range(len(xs) + 1) with xs[i], or range(len(xs)) with "
            "xs[i + 1]), so the last iteration reads past the end and raises IndexError — or, with negative "
            "offsets, silently reads the wrong element.",
    fix="Loop over range(len(xs)) with xs[i] (better: for x in xs / enumerate(xs)), or over "
        "range(len(xs) - 1) when you need xs[i + 1] (better: zip(xs, xs[1:])).",
    nodes=(ast.For, ast.While),
)
def off_by_one_index_loop(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.For):
        if not (isinstance(node.target, ast.Name) and isinstance(node.iter, ast.Call)
                and ctx.call_name(node.iter) == "builtins.range" and 1 <= len(node.iter.args) <= 2):
            return
        stop = node.iter.args[-1]
        index = node.target.id
    else:
        test = node.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.left, ast.Name)):
            return
        index = test.left.id
        if isinstance(test.ops[0], ast.LtE):
            stop = ast.BinOp(left=test.comparators[0], op=ast.Add(), right=ast.Constant(1))
        elif isinstance(test.ops[0], ast.Lt):
            stop = test.comparators[0]
        else:
            return
    seq = _len_of(_plus_one(stop) or ast.Constant(None), ctx)
    if seq is not None:
        hit = _index_past_end(node.body, ast.dump(seq), index, offset_allowed=False,
                              rebinding_allowed=isinstance(node, ast.While))
    else:
        seq = _len_of(stop, ctx)
        if seq is None or isinstance(node, ast.While):
            return
        hit = _index_past_end(node.body, ast.dump(seq), index, offset_allowed=True)
    if hit is not None:
        yield Hit(node.iter if isinstance(node, ast.For) else node.test)
