"""Guards: what a condition proves about a value on each branch (``if x not in ALLOWED: return``, ``isdigit()``,
``startswith('/')``), so the fall-through path knows which sinks the value can no longer harm.
"""

from __future__ import annotations

import ast

from ..values import excluded_marks
from .env import Env, join_env
from .knowledge import (
    CHARSET_SAFE_KINDS, EXCLUDED_TEXT_PROTECTS, PASS_METHODS_KEEP_FLAGS, QUOTE_KINDS, SAFE_CHAR_PREDICATES,
    URL_PARSERS,
)
from .syntax import dotted_name, unwrap_str


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
            equal = isinstance(op, ast.Eq) == truth if isinstance(op, (ast.Eq, ast.NotEq)) else None
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
            if q in {"re.fullmatch", "re.match"} and len(test.args) >= 2:
                pattern = self.ctx.literal(test.args[0])
                if isinstance(pattern, str) and (q == "re.fullmatch" or pattern.endswith(("$", "\\Z"))):
                    return self.cleanse_subject(env, test.args[1], CHARSET_SAFE_KINDS)
        return env

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
