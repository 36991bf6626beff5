"""Statements: blocks, branches, loops, try, match, with, return, and assignment into names, attributes and items.
"""

from __future__ import annotations

import ast
from typing import Callable

from ..values import CLEAN, EMPTY, Value, add_step, join_taint
from . import sensitive
from .env import BudgetExceeded, Env, join_env
from .conditions import script_capable_type
from .knowledge import (
    CHARSET_SAFE_KINDS, LOOP_ROUNDS, MAX_UNROLLED, MAX_UNROLLED_NESTING, NO_RETURN, REQUEST_NAMESPACES,
    VALIDATING_CONVERSIONS,
)
from .syntax import dotted_name
from .types import carried


class StatementsMixin:
    """Statement evaluation for FunctionAnalyzer."""

    # --- statements ------------------------------------------------------------------------------------------
    def block(self, body: list[ast.stmt], env: Env | None) -> Env | None:
        leaving = self._leaving
        for stmt in body:
            if env is None:
                return None
            if leaving and _may_raise(stmt):  # inside a try: a handler may start from here
                leaving[-1] = join_env(leaving[-1], dict(env))
            env = self.stmt(stmt, env)
        return env

    def stmt(self, s: ast.stmt, env: Env) -> Env | None:  # noqa: C901 - one dispatch over statement kinds
        self.budget -= 1  # self.tick(), inlined: once per statement
        if self.budget < 0:
            raise BudgetExceeded
        kind = s.__class__
        if kind is ast.Assign:  # the commonest kind first (the parser makes no subclasses of statement nodes)
            value = self.expr(s.value, env)
            for target in s.targets:
                self.assign(target, value, env, s)
            return env
        if isinstance(s, ast.Expr):
            self.expr(s.value, env)
            if isinstance(s.value, ast.Call) and self.ctx.qualname(s.value.func) in NO_RETURN:
                return None
            return self.validated(s.value, env)
        if isinstance(s, ast.Assign):
            value = self.expr(s.value, env)
            for target in s.targets:
                self.assign(target, value, env, s)
            return self.validated(s.value, env)
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.assign(s.target, self.expr(s.value, env), env, s)
            return env
        if isinstance(s, ast.AugAssign):
            current = self.expr(s.target, env) if not isinstance(s.target, ast.Subscript) else self.expr(s.target, env)
            value = self.binop(s.op, current, self.expr(s.value, env), s.target, s.value)
            self.assign(s.target, value, env, s)
            return env
        if isinstance(s, ast.Return):
            if s.value is not None:
                value = self.expr(s.value, env)
                self.returned(value, s)
            if self._return_envs is not None:
                self._return_envs.append(env)
            return None
        if isinstance(s, ast.If):
            return self.branch(s.test, s.body, s.orelse, env)
        if isinstance(s, (ast.For, ast.AsyncFor)):
            iterable = self.expr(s.iter, env)
            if _surely_empty(s.iter, iterable):  # for _ in []: the body never runs
                return self.block(s.orelse, env) if s.orelse else env
            if iterable.items and len(iterable.items) <= MAX_UNROLLED and self._unrolling < MAX_UNROLLED_NESTING:
                return self.unrolled(env, s, iterable.items)
            element = self.element_of(iterable)
            return self.loop(env, s.body, s.orelse, lambda e: self.assign(s.target, element, e, s),
                             at_least_once=_never_empty(s.iter, iterable))
        if isinstance(s, ast.While):
            test = self.expr(s.test, env)
            if test.known and not test.value and not s.orelse:
                return env
            true_now = test.known and bool(test.value)
            # ``while True``: only a break leaves; ``while i < 1`` with i = 0 runs at least once, then may stop
            constant_test = true_now and not any(isinstance(n, ast.Name) for n in ast.walk(s.test))
            return self.loop(env, s.body, s.orelse, lambda e: None, s.test, forever=constant_test,
                             at_least_once=true_now and not constant_test)
        if isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                value = self.expr(item.context_expr, env)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value, env, s)
            return self.block(s.body, env)
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            return self.try_stmt(s, env)
        if isinstance(s, (ast.Raise,)):
            if s.exc is not None:
                raised = self.expr(s.exc, env)
                if self.raised:  # inside a try: its handlers see what the exception carries
                    self.raised[-1].append(raised.all_taint())
            return None
        if isinstance(s, ast.Break):
            if self.loops:
                self.loops[-1][0].append(env)
            return None
        if isinstance(s, ast.Continue):
            if self.loops:
                self.loops[-1][1].append(env)
            return None
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func_id = self.mod._ids.get(s)
            env[s.name] = Value(func=func_id)
            if func_id is not None:
                later = self.sibling_functions() if s in self.mod._nested else None
                closure = {**{name: Value(func=fid) for name, fid in later.items() if name not in env}, **env} \
                    if later else env
                self.mod.analyse_nested(s, func_id, closure)
            return env
        if isinstance(s, ast.ClassDef):
            env[s.name] = Value(types=frozenset([f"{self.facts.id.rsplit('.<module>', 1)[0]}.{s.name}"]))
            if self.facts.id == self.mod.body_id:
                for attr, value in class_constants(s, self.mod.stored_attrs).items():
                    env[f"{s.name}.{attr}"] = Value.const(value)  # Config.BASE_URL, read as the class wrote it
            return env
        if isinstance(s, ast.Match):
            return self.match(s, env)
        if isinstance(s, ast.Delete):
            for target in s.targets:
                key = dotted_name(target)
                if key:
                    env.pop(key, None)
                elif isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Slice):
                    self.delete_item(target, env)
            return env
        if isinstance(s, ast.Assert):
            self.expr(s.test, env)
            return self.refine(env, s.test, True)
        return env  # pass, import, global, nonlocal, type aliases: no data flow

    def returned(self, value: Value, node: ast.AST) -> None:
        taint = carried(self, value, node)
        if self.is_flask_view and not _not_html_return(getattr(node, "value", None), self.ctx):
            body = value.items[0] if value.items else value
            if not (body.types & {"flask.Response"}) and not (body.fields is not None and body.exact_fields):
                # (a dict the view built, under a name: Flask sends it as JSON too)
                self.sink("xss", body.all_taint(), node, "return from a Flask view (HTML response)")
        if self.is_view_entry and taint:
            sensitive.returned_from_view(self, taint, node)
        if taint:
            self.facts.returns = join_taint(self.facts.returns, add_step(taint, self.step(node, "returned")))

    def branch(self, test: ast.expr, body: list, orelse: list, env: Env) -> Env | None:
        cond = self.expr(test, env)
        if cond.known:
            return self.block(body if cond.value else orelse, env)
        then_env = self.block(body, self.refine(dict(env), test, True))
        else_env = self.block(orelse, self.refine(dict(env), test, False))
        return join_env(then_env, else_env)

    def loop(self, env: Env, body: list, orelse: list, bind: Callable[[Env], None], test: ast.expr | None = None,
             forever: bool = False, at_least_once: bool = False) -> Env | None:
        """``at_least_once``: the body surely runs (``for _ in range(3)``), so the state before the loop is not
        one of the states after it."""
        breaks: list = []
        conts: list = []
        self.loops.append((breaks, conts))
        state: Env | None = env
        exit_env: Env | None = env if not (forever or at_least_once) else None
        try:
            for _ in range(LOOP_ROUNDS):
                start = dict(state) if state is not None else dict(env)
                bind(start)
                if test is not None:
                    start = self.refine(start, test, True)
                end = self.block(body, start)
                for c in conts:
                    end = join_env(end, c)
                state = join_env(state, end)
                if not forever:
                    exit_env = join_env(exit_env, end)
                conts.clear()
        finally:
            self.loops.pop()
        if orelse and exit_env is not None:
            exit_env = self.block(orelse, exit_env)
        for b in breaks:
            exit_env = join_env(exit_env, b)
        return exit_env

    def unrolled(self, env: Env, s: ast.For | ast.AsyncFor, items: tuple) -> Env | None:
        """A loop over the slots of a literal, once per slot in order: after ``for x in [q, "k"]: bar = x`` bar
        is "k", and a body that breaks at the first slot never sees the second."""
        breaks: list = []
        conts: list = []
        self.loops.append((breaks, conts))
        self._unrolling += 1
        state: Env | None = env
        try:
            for item in items:
                if state is None:
                    break
                start = dict(state)
                self.assign(s.target, item, start, s)
                end = self.block(s.body, start)
                for c in conts:
                    end = join_env(end, c)
                conts.clear()
                state = end
        finally:
            self.loops.pop()
            self._unrolling -= 1
        if s.orelse and state is not None:
            state = self.block(s.orelse, state)
        for b in breaks:
            state = join_env(state, b)
        return state

    def try_stmt(self, s: ast.Try, env: Env) -> Env | None:
        before = dict(env)
        self.raised.append([])
        # where the body may be left for a handler: before each statement in it that can raise (block() notes
        # them; an assignment of a literal cannot, so ``try: x = "fixed"`` leaves x fixed in the handler too)
        self._leaving.append(None)
        try:
            body_env = self.block(s.body, env)
        finally:
            raised = join_taint(*self.raised.pop())
            leaving = self._leaving.pop()
        # nothing in the body can raise (``try: x = "fixed"``): its handlers never run
        handlers = s.handlers if leaving is not None else ()
        handler_start = leaving if leaving is not None else before
        out = self.block(s.orelse, body_env) if body_env is not None else None
        for handler in handlers:
            h_env = dict(handler_start)
            if handler.name:  # ``except E as e``: e carries what the try body raised with it (e.args, str(e))
                h_env[handler.name] = sensitive.exception_value(self, handler, Value(raised) if raised else CLEAN)
            out = join_env(out, self.block(handler.body, h_env))
        if s.finalbody:
            final = self.block(s.finalbody, dict(out) if out is not None else dict(handler_start))
            return final if out is not None else None
        return out

    def delete_item(self, target: ast.Subscript, env: Env) -> None:
        """``del table["key"]`` / ``del items[0]``: the slot goes, where the container's slots are followed."""
        key = dotted_name(target.value)
        if not key or key not in env:
            return
        base = env[key]
        index = self.expr(target.slice, env)
        if not index.known:
            return
        if base.fields is not None and index.value in base.fields:
            fields = {k: v for k, v in base.fields.items() if k != index.value}
            env[key] = Value(base.taint, None, fields, None, base.types, base.flags, exact_fields=base.exact_fields)
        elif base.items is not None and type(index.value) is int and -len(base.items) <= index.value < len(base.items):
            items = list(base.items)
            del items[index.value]
            env[key] = Value(base.taint, None, None, tuple(items), base.types, base.flags)

    def validated(self, value: ast.expr, env: Env) -> Env:
        """After ``int(x)`` (or ``n = int(x)``, ``uuid.UUID(x)``) returns, x is text the conversion accepted: it
        raises on anything else, so the code after it runs only for a number (an id, an address)."""
        if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], (ast.Name, ast.Attribute)) and \
                self.ctx.qualname(value.func) in VALIDATING_CONVERSIONS and dotted_name(value.args[0]) in env:
            return self.cleanse_subject(env, value.args[0], CHARSET_SAFE_KINDS)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.args:
            for check in self.validator_checks(value):  # validate(x): it raised unless x passed each check
                env = self.refine_inlined(env, check, False)
        return env

    def match(self, s: ast.Match, env: Env) -> Env | None:
        subject = self.expr(s.subject, env)
        out: Env | None = None
        for case in s.cases:
            verdict = self.pattern_matches(case.pattern, subject) if case.guard is None else None
            case_env = dict(env)
            if _literal_pattern(case.pattern) and dotted_name(s.subject) in case_env:
                case_env = self.cleanse_subject(case_env, s.subject, ("*",))  # case "name" | "age": one of those
            self.bind_pattern(case.pattern, subject, case_env, s)
            if verdict is False:
                continue
            out = join_env(out, self.block(case.body, case_env))
            if verdict is True:
                return out
        if not any(isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None for c in s.cases):
            out = join_env(out, env)
        return out

    def pattern_matches(self, pattern: ast.pattern, subject: Value) -> bool | None:
        """True/False when a constant subject decides the case, None when it cannot be known."""
        if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
            return True
        if not subject.known:
            return None
        if isinstance(pattern, ast.MatchValue):
            lit = self.ctx.literal(pattern.value)
            return None if lit is self.ctx.MISSING else subject.value == lit
        if isinstance(pattern, ast.MatchSingleton):
            return subject.value is pattern.value
        if isinstance(pattern, ast.MatchOr):
            results = [self.pattern_matches(p, subject) for p in pattern.patterns]
            if any(r is True for r in results):
                return True
            return False if all(r is False for r in results) else None
        return None

    def bind_pattern(self, pattern: ast.pattern, subject: Value, env: Env, s: ast.stmt) -> None:
        for node in ast.walk(pattern):
            if isinstance(node, ast.MatchAs) and node.name:
                env[node.name] = subject if node.pattern is None else Value(subject.all_taint())
            elif isinstance(node, ast.MatchStar) and node.name:
                env[node.name] = Value(subject.all_taint())
            elif isinstance(node, ast.MatchMapping) and node.rest:
                env[node.rest] = Value(subject.all_taint())


    # --- assignment ------------------------------------------------------------------------------------------
    def assign(self, target: ast.AST, value: Value, env: Env, stmt: ast.AST) -> None:
        if isinstance(target, ast.Name):
            value = sensitive.assigned(self, target, value, stmt)
            env[target.id] = value.with_taint(add_step(value.taint, self.step(stmt, f"assigned to {target.id}"))) \
                if value.taint else value
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            elts = target.elts
            stars = [i for i, e in enumerate(elts) if isinstance(e, ast.Starred)]
            if value.items is not None and len(value.items) == len(elts) and not stars:
                for elt, item in zip(elts, value.items):
                    self.assign(elt, item, env, stmt)
            elif value.items is not None and len(stars) == 1 and len(value.items) >= len(elts) - 1:
                star = stars[0]  # first, *rest = items: the slots before and after the star, the rest a list
                after = len(elts) - star - 1
                middle = value.items[star:len(value.items) - after]
                for elt, item in zip(elts[:star], value.items[:star]):
                    self.assign(elt, item, env, stmt)
                self.assign(elts[star].value, Value(items=middle), env, stmt)
                for elt, item in zip(elts[star + 1:], value.items[len(value.items) - after:]):
                    self.assign(elt, item, env, stmt)
            else:
                spread = Value(value.all_taint())
                for elt in elts:
                    self.assign(elt.value if isinstance(elt, ast.Starred) else elt, spread, env, stmt)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, value, env, stmt)
            return
        if isinstance(target, ast.Attribute):
            key = dotted_name(target)
            base_key = dotted_name(target.value)
            if key:
                env[key] = value
            if base_key and base_key in env and env[base_key].fields is not None:
                base = env[base_key]
                fields = dict(base.fields)
                fields[target.attr] = value
                env[base_key] = Value(base.taint, base.consts, fields, base.items, base.types, base.flags)
            namespace = self.ctx.qualname(target.value) if isinstance(target.value, ast.Name) and \
                target.value.id not in env else None
            if namespace in REQUEST_NAMESPACES:  # g.user = ...: read by any function during the request
                taint = carried(self, value, stmt)
                if taint:
                    self.facts.field_stores.append((namespace, target.attr, add_step(
                        taint, self.step(stmt, f"stored in {target.value.id}.{target.attr}"))))
            if isinstance(target.value, ast.Name) and target.value.id == "self" and self.cls:
                if value.types & self.mod.typed_source_names:
                    attrs = self.mod.class_attr_types.setdefault(self.cls, {})
                    attrs[target.attr] = attrs.get(target.attr, frozenset()) | value.types
                taint = carried(self, value, stmt)
                if taint:
                    self.facts.field_stores.append((self.cls, target.attr, add_step(taint, self.step(stmt, f"stored in self.{target.attr}"))))
            return
        if isinstance(target, ast.Subscript):
            self.store_item(target, value, env, stmt)

    def header_sink(self, name: Value, value: Value, node: ast.AST) -> None:
        """A response header set from data. Werkzeug (Flask), Django, Starlette, Tornado and aiohttp refuse a
        value holding CR or LF, so there only the header's name can split the response."""
        if self.mod.header_values_checked:
            self.sink("header", name.all_taint(), node, "response header name")
        else:
            self.sink("header", value.all_taint(), node, "response header")

    def store_item(self, target: ast.Subscript, value: Value, env: Env, stmt: ast.AST) -> None:
        base = self.expr(target.value, env)
        key = self.expr(target.slice, env)
        for t in base.types:
            kind = self.models.store_sinks.get(t)
            if kind:
                self.sink(kind, join_taint(key.all_taint(), value.all_taint()), stmt, f"{t} store")
        if isinstance(target.value, ast.Attribute) and target.value.attr == "headers" and \
                not (self.expr(target.value.value, env).types & self.mod.typed_source_names):
            self.header_sink(key, value, stmt)
        elif any(t.startswith("django.http") and "Response" in t for t in base.types):
            self.header_sink(key, value, stmt)
        base_key = dotted_name(target.value)
        if not base_key or base_key not in env:
            return
        if key.known and base.items is not None and isinstance(key.value, int) and -len(base.items) <= key.value < len(base.items):
            items = list(base.items)
            items[key.value] = value
            env[base_key] = Value(base.taint, None, base.fields, tuple(items), base.types, base.flags)
        elif key.known and base.fields is not None and not key.all_taint():
            fields = dict(base.fields)
            fields[key.value] = value
            env[base_key] = Value(base.taint, None, fields, None, base.types, base.flags, exact_fields=base.exact_fields)
        else:
            taint = join_taint(base.taint, value.all_taint(), key.all_taint() if base.fields is not None else EMPTY)
            env[base_key] = Value(taint, None, None, None, base.types, base.flags)


def _not_html_return(returned: ast.expr | None, ctx) -> bool:
    """A Flask view that returns a dict or list (Flask sends it as JSON), or a (body, status, headers) tuple
    whose headers set a non-HTML Content-Type written in the code: the browser does not parse it as HTML."""
    if isinstance(returned, ast.Tuple) and returned.elts:
        for extra in returned.elts[1:]:
            if isinstance(extra, ast.Dict):
                for k, v in zip(extra.keys, extra.values):
                    if k is not None and isinstance(ctx.literal(k, None), str) and \
                            ctx.literal(k, None).lower() == "content-type":
                        kind = ctx.literal(v, None)
                        if isinstance(kind, str) and not script_capable_type(kind):
                            return True
        returned = returned.elts[0]
    if isinstance(returned, ast.Call) and not returned.args and not returned.keywords and \
            isinstance(returned.func, ast.Attribute) and returned.func.attr == "json":
        return True  # an HTTP client's reply.json(): a parsed JSON document, sent on as JSON
    return isinstance(returned, (ast.Dict, ast.List, ast.DictComp, ast.ListComp))


def class_constants(cls: ast.ClassDef, stored: frozenset) -> dict:
    """``class Config: BASE = "http://internal/"``: class attributes bound once to a literal in the class body
    and assigned nowhere else in the module (``stored``: every attribute name the module assigns)."""
    out: dict = {}
    seen: set = set()
    for stmt in cls.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if \
            isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []
        for t in targets:
            if isinstance(t, ast.Name):
                if t.id in seen:
                    out.pop(t.id, None)
                    continue
                seen.add(t.id)
                value = getattr(stmt, "value", None)
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and len(targets) == 1 and \
                        isinstance(value, ast.Constant) and type(value.value) in (str, int, bytes) and \
                        t.id not in stored and "*" not in stored:
                    out[t.id] = value.value
    return out


def _surely_empty(node: ast.expr, value) -> bool:
    """An iterable that yields nothing: ``[]``, ``()``, ``""``, ``range(0)``."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not node.elts
    if value.items is not None and not value.items and not value.taint:
        return True
    return bool(value.known and isinstance(value.value, (str, tuple, bytes)) and not value.value)


def _never_empty(node: ast.expr, value) -> bool:
    """An iterable that surely yields something: ``range(3)``, ``range(1, 5)``, a literal list, tuple or set of
    items (no ``*spread``), a non-empty constant string or tuple."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return bool(node.elts) and not any(isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and \
            not node.keywords and 1 <= len(node.args) <= 2 and \
            all(isinstance(a, ast.Constant) and type(a.value) is int for a in node.args):
        bounds = [a.value for a in node.args]
        start, stop = (0, bounds[0]) if len(bounds) == 1 else bounds
        return stop > start
    return bool(value.known and isinstance(value.value, (str, tuple)) and value.value)


def _may_raise(stmt: ast.stmt) -> bool:
    """Whether running ``stmt`` can raise: all but ``pass`` and names bound to literals (or to other names)."""
    if isinstance(stmt, ast.Pass):
        return False
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return not (all(isinstance(t, ast.Name) for t in targets) and
                    isinstance(stmt.value, (ast.Constant, ast.Name)))
    return True


def _literal_pattern(pattern: ast.pattern) -> bool:
    """``case "name"``, ``case "a" | "b"``, ``case None``: a case only a value the code wrote can take."""
    if isinstance(pattern, ast.MatchOr):
        return all(_literal_pattern(p) for p in pattern.patterns)
    if isinstance(pattern, ast.MatchAs):
        return pattern.pattern is not None and _literal_pattern(pattern.pattern)
    return isinstance(pattern, ast.MatchSingleton) or (
        isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant))
