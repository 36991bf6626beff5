"""Guards: what a condition proves about a value on each branch (``if x not in ALLOWED: return``, ``isdigit()``,
``startswith('/')``), so the fall-through path knows which sinks the value can no longer harm.
"""

from __future__ import annotations

import ast
import copy

from ..values import excluded_marks
from .env import Env, join_env
from .knowledge import (
    CHARSET_SAFE_KINDS, EXCLUDED_TEXT_PROTECTS, NO_RETURN, PASS_METHODS_KEEP_FLAGS, QUOTE_KINDS,
    SAFE_CHAR_PREDICATES, SAFE_CHARSETS, URL_PARSERS,
)
from .syntax import dotted_name, passes_starred, unwrap_str


class GuardsMixin:
    """Branch refinement for FunctionAnalyzer."""

    # --- guards ----------------------------------------------------------------------------------------------
    def refine(self, env: Env, test: ast.expr, truth: bool) -> Env:
        """What a branch learns from its condition: allow-list membership, prefix checks, character tests."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self.refine(env, test.operand, not truth)
        if isinstance(test, ast.BoolOp):
            conjunctive = isinstance(test.op, ast.And) == truth
            if conjunctive:  # every operand holds (and-true) or every operand fails (or-false)
                for operand in test.values:
                    env = self.refine(env, operand, truth)
                return env
            branches = [self.refine(dict(env), operand, truth) for operand in test.values]
            out = branches[0]
            for b in branches[1:]:
                out = join_env(out, b)
            return out or env
        if not truth and (isinstance(test, ast.Name) or (isinstance(test, ast.Attribute) and dotted_name(test))):
            # ``if not next_url: ...`` / the false side of ``next_url or ...``: an empty or missing value holds
            # no attacker text, whatever sink it reaches
            key = dotted_name(test)
            if key in env:
                env[key] = env[key].cleansed(("*",))
            return env
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, left, right = test.ops[0], test.left, test.comparators[0]
            member = isinstance(op, ast.In) == truth if isinstance(op, (ast.In, ast.NotIn)) else None
            if member is True and self.is_constant_collection(right, env):
                return self.cleanse_subject(env, left, ("*",))
            if member is False and isinstance(left, ast.Constant) and isinstance(left.value, str):
                kinds = EXCLUDED_TEXT_PROTECTS.get(left.value.replace("\\", "/"))
                if kinds:
                    return self.cleanse_subject(env, right, excluded_marks(kinds))
            if member is False and self.is_quote_literal(left):
                target = right.value if isinstance(right, ast.Subscript) else right
                if isinstance(right, ast.Subscript):
                    return self.add_flags(env, target, {"inner-noquote"})
                return self.cleanse_subject(env, target, QUOTE_KINDS)
            if member is True and isinstance(right, ast.Call) and \
                    self.ctx.qualname(right.func) in ("os.listdir", "os.scandir", "glob.glob"):
                return self.cleanse_subject(env, left, ("path",))  # a name the folder holds: no "..", no "/"
            equal = isinstance(op, ast.Eq) == truth if isinstance(op, (ast.Eq, ast.NotEq)) else None
            if equal is True:
                inside = self._inside_by_commonpath(left, right, env)
                if inside is not None:
                    return self.cleanse_subject(env, inside, ("path",))
            if equal is True and self.is_constant_expr(right, env):
                return self.cleanse_subject(env, left, ("*",))
            return env
        if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and truth:
            method = test.func.attr
            subject = test.func.value
            if method in SAFE_CHAR_PREDICATES:
                return self.cleanse_subject(env, subject, CHARSET_SAFE_KINDS)
            if method == "is_relative_to":  # (base / name).resolve().is_relative_to(base): inside the folder
                key = dotted_name(subject)
                value = env.get(key) if key else None
                if value is not None and "normalized" in value.flags:
                    return self.cleanse_subject(env, subject, ("path",))
            if method in {"startswith", "endswith"}:
                inner = unwrap_str(subject)
                key = dotted_name(inner)
                value = env.get(key) if key else None
                if value is not None and "normalized" in value.flags:
                    return self.cleanse_subject(env, inner, ("path",))
                if test.args and self.is_quote_literal(test.args[0]):
                    return self.add_flags(env, inner, {"starts-quote" if method == "startswith" else "ends-quote"})
        if isinstance(test, ast.Call) and truth:
            q = self.ctx.qualname(test.func) or ""
            if q.endswith(("url_has_allowed_host_and_scheme", "is_safe_url")):
                url = test.args[0] if test.args else next((kw.value for kw in test.keywords if kw.arg == "url"), None)
                if url is not None:
                    return self.cleanse_subject(env, url, ("redirect", "ssrf"))
            if q in {"hmac.compare_digest", "secrets.compare_digest"} and len(test.args) == 2:
                # compare_digest(sig, hmac.new(KEY, body, sha256).digest()): body carries the server's own
                # signature, so what it holds was serialised by the server
                for arg in test.args:
                    signed = self._hmac_message(arg)
                    if signed is not None:
                        env = self.cleanse_subject(env, signed, ("deserialization",))
                return env
            if q in {"re.fullmatch", "re.match", "re.search"} and len(test.args) >= 2:
                pattern = self.ctx.literal(test.args[0])
                if isinstance(pattern, str) and _whole_match(q.rpartition(".")[2], pattern):
                    return self.cleanse_subject(env, test.args[1], CHARSET_SAFE_KINDS)
            if isinstance(test.func, ast.Attribute) and test.func.attr in ("fullmatch", "match", "search") and \
                    test.args:
                pattern = self._compiled_pattern(test.func.value)  # SAFE = re.compile(r"^\w+$"); SAFE.match(x)
                if pattern is not None and _whole_match(test.func.attr, pattern):
                    return self.cleanse_subject(env, test.args[0], CHARSET_SAFE_KINDS)
        if isinstance(test, ast.Call):
            # all(c.isalnum() for c in x) holding, any(not c.isalnum() for c in x) failing: every character of x
            q = self.ctx.qualname(test.func) or ""
            every = q == ("builtins.all" if truth else "builtins.any")
            if every and len(test.args) == 1 and isinstance(test.args[0], ast.GeneratorExp) and \
                    len(test.args[0].generators) == 1:
                gen = test.args[0]
                loop = gen.generators[0]
                if isinstance(loop.target, ast.Name) and not loop.ifs and \
                        self._char_test(gen.elt, loop.target.id, truth):
                    return self.cleanse_subject(env, loop.iter, CHARSET_SAFE_KINDS)
            predicate = self._inlined_predicate(test)
            if predicate is not None:
                return self.refine_inlined(env, predicate, truth)
        return env

    _predicate_depth = 0

    def _inside_by_commonpath(self, left: ast.AST, right: ast.AST, env: Env) -> ast.AST | None:
        """``os.path.commonpath([full, BASE]) == BASE`` with ``full`` normalised (realpath, abspath): full is
        inside BASE. The normalised path's node, else None."""
        for call, base in ((left, right), (right, left)):
            if isinstance(call, ast.Call) and self.ctx.qualname(call.func) in ("os.path.commonpath",
                                                                               "posixpath.commonpath") \
                    and len(call.args) == 1 and isinstance(call.args[0], (ast.List, ast.Tuple)):
                parts = call.args[0].elts
                if len(parts) == 2 and any(ast.dump(p) == ast.dump(base) for p in parts):
                    other = parts[0] if ast.dump(parts[1]) == ast.dump(base) else parts[1]
                    key = dotted_name(other)
                    if key and key in env and "normalized" in env[key].flags:
                        return other
        return None

    def _inlined_predicate(self, test: ast.Call) -> ast.expr | None:
        """``is_safe(x)`` where the tree's ``def is_safe(v): return v in ALLOWED``: the condition it returns, with
        the call's arguments in place of the parameters (a predicate of one ``return``, positional parameters)."""
        if self._predicate_depth >= 3:
            return None
        memo = self.mod.predicates
        if test in memo:
            return memo[test]
        memo[test] = None
        found = self._simple_callee(test)
        if found is not None:
            body, params = found
            if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
                memo[test] = self._substituted(body[0].value, params)
        return memo[test]

    def validator_checks(self, call: ast.Call) -> list[ast.expr]:
        """``validate(x)`` where the tree's ``def validate(v):`` starts with guard clauses (``if not v.isalnum():
        raise ValueError``): each clause's condition for x, false on the path after the call returns."""
        memo = self.mod.validators
        if call in memo:
            return memo[call]
        memo[call] = []
        found = self._simple_callee(call)
        if found is None:
            return []
        body, params = found
        checks = []
        for stmt in body:
            if not (isinstance(stmt, ast.If) and not stmt.orelse and len(stmt.body) == 1 and
                    _exits(stmt.body[0], self)):
                break
            cond = self._substituted(stmt.test, params)
            if cond is None:
                break
            checks.append(cond)
        memo[call] = checks
        return checks

    def _simple_callee(self, call: ast.Call) -> tuple[list, dict] | None:
        """The body (docstring left out) of the tree function ``call`` calls, and its parameters mapped to the
        call's argument expressions, for a plain function and a plain call: positional parameters only, all passed
        positionally, no decorator."""
        if call.keywords or passes_starred(call) or not isinstance(call.func, ast.Name):
            return None
        local = self.closure.get(call.func.id)
        func_id = local.func if local is not None and isinstance(local.func, str) else self.ctx.qualname(call.func)
        node = self.mod.function_nodes().get(func_id) if func_id else None
        if not isinstance(node, ast.FunctionDef) or node.decorator_list:
            return None
        spec = node.args
        if spec.vararg or spec.kwarg or spec.kwonlyargs or spec.posonlyargs or spec.defaults or \
                len(spec.args) != len(call.args):
            return None
        body = [b for b in node.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant))]
        return body, {a.arg: arg for a, arg in zip(spec.args, call.args)}

    def _substituted(self, condition: ast.expr, params: dict) -> ast.expr | None:
        """``condition`` over the callee's parameters, rewritten over the call's arguments; None when it reads a
        name that is neither a parameter nor the module's (a local of the callee means something else here)."""
        names = {n.id for n in ast.walk(condition) if isinstance(n, ast.Name)}
        if not names & set(params) or names - set(params) - set(self.mod.globals) - _BUILTIN_NAMES:
            return None
        return _Substitute(params).visit(copy.deepcopy(condition))

    def refine_inlined(self, env: Env, test: ast.expr, truth: bool) -> Env:
        self._predicate_depth += 1
        try:
            return self.refine(env, test, truth)
        finally:
            self._predicate_depth -= 1

    def _char_test(self, elt: ast.expr, var: str, positive: bool) -> bool:
        """Whether ``elt`` says character ``var`` is a letter or digit (``positive``) or, negated, that it is not
        one (``c not in string.digits``, ``not c.isalnum()``)."""
        if isinstance(elt, ast.UnaryOp) and isinstance(elt.op, ast.Not):
            return self._char_test(elt.operand, var, not positive)
        if isinstance(elt, ast.Call) and isinstance(elt.func, ast.Attribute) and not elt.args and \
                isinstance(elt.func.value, ast.Name) and elt.func.value.id == var:
            return positive and elt.func.attr in SAFE_CHAR_PREDICATES
        if isinstance(elt, ast.Compare) and len(elt.ops) == 1 and isinstance(elt.left, ast.Name) and \
                elt.left.id == var and isinstance(elt.ops[0], (ast.In, ast.NotIn)):
            inside = isinstance(elt.ops[0], ast.In) == positive
            chars = elt.comparators[0]
            literal = self.ctx.literal(chars, None)
            safe_set = self.ctx.qualname(chars) in SAFE_CHARSETS or (
                isinstance(literal, str) and literal and all(ch.isalnum() or ch in "_-" for ch in literal))
            return inside and safe_set
        return False

    def _compiled_pattern(self, node: ast.AST) -> str | None:
        """The pattern text of a name bound once to ``re.compile("...")``, in this function or at module level."""
        if not isinstance(node, ast.Name):
            return None
        found = []
        for scope in (self.ctx.scope_nodes(self.node), self.ctx.tree.body):
            for n in scope:
                if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets):
                    found.append(n.value)
        if len(found) != 1 or not isinstance(found[0], ast.Call) or not found[0].args or \
                self.ctx.qualname(found[0].func) not in ("re.compile", "regex.compile"):
            return None
        pattern = self.ctx.literal(found[0].args[0], None)
        return pattern if isinstance(pattern, str) else None

    def _hmac_message(self, node: ast.AST) -> ast.AST | None:
        """The message of ``hmac.new(key, msg, ...).digest()`` / ``.hexdigest()`` or ``hmac.digest(key, msg, ...)``."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("digest", "hexdigest") and isinstance(node.func.value, ast.Call):
            node = node.func.value
        if not isinstance(node, ast.Call) or self.ctx.qualname(node.func) not in ("hmac.new", "hmac.digest"):
            return None
        if len(node.args) >= 2:
            return node.args[1]
        return next((kw.value for kw in node.keywords if kw.arg == "msg"), None)

    def is_quote_literal(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and node.value in ("'", '"')

    def is_constant_collection(self, node: ast.AST, env: Env) -> bool:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(isinstance(e, ast.Constant) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(isinstance(k, ast.Constant) for k in node.keys if k is not None)
        value = self.expr(node, env)
        if value.known and isinstance(value.value, (tuple, frozenset, str)) and not value.all_taint():
            return not isinstance(value.value, str) or len(value.value) > 1
        if value.items is not None and not value.all_taint():
            return all(v.known for v in value.items)
        if value.fields is not None and value.exact_fields and not value.taint:
            return True
        return False

    def is_constant_expr(self, node: ast.AST, env: Env) -> bool:
        value = self.expr(node, env)
        return value.known and not value.all_taint()

    def cleanse_subject(self, env: Env, subject: ast.AST, kinds) -> Env:
        subject = unwrap_str(subject)
        if isinstance(subject, ast.NamedExpr):  # if (name := request.args["n"]) in ALLOWED: both are checked
            env = self.cleanse_subject(env, subject.target, kinds)
            return self.cleanse_subject(env, subject.value, kinds)
        if isinstance(subject, ast.Attribute) and subject.attr in PASS_METHODS_KEEP_FLAGS:
            base = dotted_name(subject.value)
            value = env.get(base) if base else None
            if value is not None:
                for flag in value.flags:
                    if flag.startswith("urlparse-of:"):
                        var = flag.split(":", 1)[1]
                        if var in env:
                            env[var] = env[var].cleansed(("redirect", "ssrf"))
                env[base] = value.cleansed(("redirect", "ssrf"))
                return env
            if isinstance(subject.value, ast.Call) and subject.value.args and \
                    self.ctx.qualname(subject.value.func) in URL_PARSERS:
                key = dotted_name(subject.value.args[0])
                if key and key in env:
                    env[key] = env[key].cleansed(("redirect", "ssrf"))
                return env
        if isinstance(subject, ast.Call) and isinstance(subject.func, ast.Attribute) and \
                subject.func.attr in PASS_METHODS_KEEP_FLAGS:
            subject = subject.func.value
        key = dotted_name(subject)
        if key and key in env:
            env[key] = env[key].cleansed(kinds)
        return env

    def add_flags(self, env: Env, subject: ast.AST, flags: set[str]) -> Env:
        key = dotted_name(unwrap_str(subject))
        if key and key in env:
            value = env[key].with_flags(flags)
            if {"starts-quote", "ends-quote", "inner-noquote"} <= value.flags:
                value = value.cleansed(QUOTE_KINDS | {"code"})
            env[key] = value
        return env


def _whole_match(method: str, pattern: str) -> bool:
    """Whether a successful ``method`` (fullmatch, match, search) of ``pattern`` covers the whole text: fullmatch
    always, match with an end anchor, search with both anchors."""
    end = pattern.endswith(("$", "\\Z")) and not pattern.endswith("\\$")
    if method == "fullmatch":
        return True
    if method == "match":
        return end
    return method == "search" and end and pattern.startswith(("^", "\\A"))


_BUILTIN_NAMES = frozenset({"len", "str", "int", "isinstance", "any", "all", "set", "re"})


def _exits(stmt: ast.stmt, fa) -> bool:
    """``raise ...`` or a call that never returns (``abort(400)``)."""
    if isinstance(stmt, ast.Raise):
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
        fa.ctx.qualname(stmt.value.func) in NO_RETURN


class _Substitute(ast.NodeTransformer):
    """A predicate's returned condition with the call's argument expressions in place of its parameters."""

    def __init__(self, params: dict[str, ast.expr]):
        self.params = params

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.params.get(node.id, node)
