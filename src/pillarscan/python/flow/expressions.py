"""Expressions: names, attributes, subscripts, comparisons, f-strings, operators and comprehensions, each to a
Value carrying taint, constants and container slots.
"""

from __future__ import annotations

import ast
import operator

from ..values import CLEAN, EMPTY, IDENTITY, IDENTITY_FLAGS, Origin, Value, add_step, cleanse, join, join_all, join_taint
from .env import Env
from .conditions import affixed_name, client_pattern, is_namespace
from .knowledge import (
    BINOPS, CMPOPS, FIXED_PREFIX, OWN_PATH_ATTRS, PATH_AFTER_BASE, PASS_METHODS_KEEP_FLAGS, QUERY_START,
    SHARED_CONSTANTS, SHELLS, MIME_CHECKED_JSON, REFLECTED_ONLY_KINDS, REQUEST_NAMESPACES, STRUCTURED,
    STRUCTURED_INPUTS, URL_KINDS,
    CODE_DEFINED_ATTRS, INDEXED_PAIRS, MARKUP_TYPES, MAX_SLOTWISE, PERCENT_SPEC,
)
from .syntax import dotted_name, root_name
from . import sensitive
from .types import with_attr

_MAYBE_SENSITIVE = sensitive.MAYBE_MEMO  # attribute name -> whether reading it may need a label


class ExpressionsMixin:
    """Expression evaluation for FunctionAnalyzer."""

    # --- expressions -----------------------------------------------------------------------------------------
    def expr(self, e: ast.AST, env: Env) -> Value:  # noqa: C901 - one dispatch over expression kinds
        kind = e.__class__  # the four commonest kinds first, by identity (no isinstance calls)
        if kind is ast.Name:
            found = env.get(e.id)  # a local variable (most names are): lookup() without the call
            return found if found is not None else self.lookup(e, env)
        if kind is ast.Attribute:
            found = self.attribute(e, env)
            maybe = _MAYBE_SENSITIVE.get(e.attr)
            if maybe is None:
                maybe = sensitive.maybe_sensitive(e.attr)
            return sensitive.attribute_read(self, e, found) if maybe else found
        if kind is ast.Call:
            return sensitive.after_call(self, e, self.call(e, env), env)
        if kind is ast.Constant:
            value = e.value
            if value.__class__ not in SHARED_CONSTANTS:
                return Value.const(value)
            key = (value.__class__, value)  # the type too: 1 == True, but they are different constants
            consts = self.mod.const_values
            found = consts.get(key)
            if found is None:
                found = consts[key] = Value.const(value)
            return found
        if isinstance(e, ast.Constant):
            return Value.const(e.value)
        if isinstance(e, ast.Name):
            return self.lookup(e, env)
        if isinstance(e, ast.Attribute):
            return self.attribute(e, env)
        if isinstance(e, ast.Call):
            return self.call(e, env)
        if isinstance(e, ast.JoinedStr):
            return self.fstring(e, env)
        if isinstance(e, ast.FormattedValue):
            return self.expr(e.value, env)
        if isinstance(e, ast.BinOp):
            return self.binop(e.op, self.expr(e.left, env), self.expr(e.right, env), e.left, e.right)
        if isinstance(e, ast.Subscript):
            return sensitive.subscript_read(self, e, self.subscript(e, env))
        if isinstance(e, ast.Compare):
            return self.compare(e, env)
        if isinstance(e, ast.BoolOp):
            values = [self.expr(v, env) for v in e.values]
            if all(v.known for v in values):
                try:
                    result = values[0].value
                    for v in values[1:]:
                        result = (result and v.value) if isinstance(e.op, ast.And) else (result or v.value)
                    return Value.const(result)
                except Exception:
                    pass
            return join_all(values)
        if isinstance(e, ast.UnaryOp):
            operand = self.expr(e.operand, env)
            if operand.known:
                try:
                    op = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos,
                          ast.Invert: operator.invert}[type(e.op)]
                    return Value.const(op(operand.value))
                except Exception:
                    return CLEAN
            if isinstance(e.op, ast.Not):
                return CLEAN
            return Value(operand.taint)
        if isinstance(e, ast.IfExp):
            cond = self.expr(e.test, env)
            if cond.known:
                return self.expr(e.body if cond.value else e.orelse, env)
            return join(self.expr(e.body, self.refine(dict(env), e.test, True)),
                        self.expr(e.orelse, self.refine(dict(env), e.test, False)))
        if isinstance(e, ast.Set) and all(isinstance(x, ast.Constant) for x in e.elts):
            return Value(consts=frozenset([frozenset(x.value for x in e.elts)]))
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
            if any(isinstance(x, ast.Starred) for x in e.elts) or isinstance(e, ast.Set):
                taint = join_taint(*(self.expr(x, env).all_taint() for x in e.elts))
                first = e.elts[0] if e.elts else None
                fixed = first is not None and not isinstance(first, ast.Starred) and \
                    starts_with_fixed_program((self.expr(first, env),))
                return Value(taint, flags=frozenset({"fixed-program"}) if fixed else frozenset())
            items = tuple(self.expr(x, env) for x in e.elts)
            consts = None
            if all(v.known for v in items) and len(items) <= 64:
                consts = frozenset([tuple(v.value for v in items)])
            return Value(consts=consts, items=items)
        if isinstance(e, ast.Dict):
            if all(k is not None and isinstance(k, ast.Constant) for k in e.keys):
                fields = {k.value: self.expr(v, env) for k, v in zip(e.keys, e.values)}
                if "$where" in fields:  # a MongoDB $where clause is JavaScript: any input in it is injectable
                    fields["$where"] = fields["$where"].cleansed(STRUCTURED)
                if "$regex" in fields:  # a pattern matches what the client writes (".*") unless re.escape'd
                    pattern = client_pattern(fields["$regex"].all_taint())
                    if pattern:
                        fields["$regex"] = Value(pattern)
                return Value(fields=fields, exact_fields=True)
            parts = [self.expr(v, env).all_taint() for v in e.values]
            parts += [self.expr(k, env).all_taint() for k in e.keys if k is not None]
            return Value(join_taint(*parts))
        if isinstance(e, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self.comprehension(e, env)
        if isinstance(e, ast.Lambda):
            return Value(func=e)
        if isinstance(e, ast.NamedExpr):
            value = self.expr(e.value, env)
            self.assign(e.target, value, env, e)
            return value
        if isinstance(e, ast.Await):
            return self.expr(e.value, env)
        if isinstance(e, (ast.Yield, ast.YieldFrom)):
            if e.value is not None:
                value = self.expr(e.value, env)
                if value.all_taint():
                    self.facts.returns = join_taint(self.facts.returns,
                                                    add_step(value.all_taint(), self.step(e, "yielded")))
            return CLEAN
        if isinstance(e, ast.Starred):
            return self.expr(e.value, env)
        if isinstance(e, ast.Slice):
            for part in (e.lower, e.upper, e.step):
                if part is not None:
                    self.expr(part, env)
            return CLEAN
        return CLEAN

    def lookup(self, node: ast.Name, env: Env) -> Value:
        name = node.id
        if name in env:
            return env[name]
        if name in self.closure:
            return self.closure[name]
        if name in self.mod.globals and self.facts.id != self.mod.body_id:
            return self.mod.globals[name]
        return self.qualified_value(self.ctx.qualname(node), node)

    def qualified_value(self, q: str | None, node: ast.AST) -> Value:
        if q is None:
            return CLEAN
        if q in self.models.attr_sources:
            return self.source(node, self.models.attr_sources[q], q)
        if q in self.models.objects:
            return Value(types=frozenset([self.models.objects[q]]))
        return Value(types=frozenset([self.models.canonical_type(q)]))

    def attribute(self, e: ast.Attribute, env: Env) -> Value:
        key = dotted_name(e)
        if key and key in env:
            return env[key]
        if key and key in self.mod.globals and self.facts.id != self.mod.body_id and root_name(e) not in env and \
                root_name(e) not in self.closure:
            return self.mod.globals[key]  # a class constant of this module (statements.class_constants)
        root = root_name(e)
        if root is not None and root not in env and isinstance(e.value, (ast.Name, ast.Attribute)):
            q = self.ctx.qualname(e)
            if q is not None and isinstance(e.value, ast.Name) and q.rpartition(".")[0] in REQUEST_NAMESPACES:
                origin = Origin("field", (q.rpartition(".")[0], e.attr))  # g.user: what a hook stored there
                return Value({(origin, frozenset()): (self.step(e, f"read {e.value.id}.{e.attr}"),)})
            if q is not None and (root not in self.mod.globals or q in self.models.attr_sources or q in self.models.objects):
                value = self.qualified_value(q, e)
                if value.taint or q in self.models.objects:
                    return value
                base = self.expr(e.value, env)
                if not (base.taint or base.types & self.mod.typed_source_names):
                    return value
        base = self.expr(e.value, env)
        return self.attribute_of(base, e.attr, e, env)

    def attribute_of(self, base: Value, attr: str, node: ast.AST, env: Env) -> Value:
        if base.fields is not None and attr in base.fields:
            return base.fields[attr]
        if attr in CODE_DEFINED_ATTRS:
            return CLEAN  # model.__doc__, cls.__name__: written by the code's author, whatever chose the object
        types = base.types
        if types:
            if attr == "path" and "flask.Request" in types and self.literal_routes:
                return Value(consts=frozenset(self.literal_routes))  # Flask matched one of these exact paths
            for t in types:
                table = self.models.typed_sources.get(t)
                if table and attr in table:
                    value = self.source(node, table[attr])
                    taint = cleanse(value.taint, ("redirect",)) if attr in OWN_PATH_ATTRS else value.taint
                    server_set = self.models.server_keys.get(f"{t}.{attr}")
                    fields = dict.fromkeys(server_set, CLEAN) if server_set else None
                    typed = f"{t}.{attr}"
                    if typed in MIME_CHECKED_JSON:
                        taint = cleanse(taint, REFLECTED_ONLY_KINDS)
                    return Value(cleanse(taint, STRUCTURED) if typed in STRUCTURED_INPUTS else taint,
                                 fields=fields, types=frozenset([typed]))
            for t in types:  # an attribute that is an object of a modelled type (self.request in a view class)
                typed = self.models.objects.get(f"{t}.{attr}")
                if typed is not None:
                    return Value(types=frozenset([typed]))
            base_types = types
            types = frozenset(f"{t}.{attr}" for t in base_types if f"{t}.{attr}" in self.models.store_sinks)
            for t in base_types:
                attr_types = self.mod.class_attr_types.get(t, {}).get(attr)
                if attr_types:
                    types |= attr_types
        taint = base.taint
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" and self.cls:
            origin = Origin("field", (self.cls, attr))
            taint = join_taint(taint, {(origin, frozenset()): (self.step(node, f"read self.{attr}"),)})
        elif isinstance(node, ast.Attribute) and base.types:
            # ``box.value`` on an object of a class of the tree: what any of its methods stored in that field
            # (``self.value = value`` in ``__init__``), as ``self.value`` reads it inside the class
            for t in sorted(base.types):
                if self._tree_class(t):
                    origin = Origin("field", (t, attr))
                    taint = join_taint(taint, {(origin, frozenset()): (self.step(node, f"read .{attr}"),)})
        flags = frozenset(f for f in base.flags if f.startswith("urlparse-of:")) if attr in PASS_METHODS_KEEP_FLAGS \
            else frozenset()
        if taint is not base.taint:  # a field of the object: handed on, it is the object stored there
            flags = flags | IDENTITY_FLAGS
        if not types:  # rq.args on a parameter that may be a request (flow/types.py), which only an object has
            if base.taint and IDENTITY in base.flags:
                return with_attr(self, Value(taint, flags=flags), base, attr, node)
            return Value(taint, flags=flags)
        return Value(taint, types=types, flags=flags)

    def subscript(self, e: ast.Subscript, env: Env) -> Value:
        key = self.expr(e.slice, env)
        if key.known and key.value == 0 and self.ctx.qualname(e.value) == "sys.argv" and \
                root_name(e.value) not in env:
            return CLEAN  # argv[0] is the program's own path, chosen by whoever installed it
        base = self.expr(e.value, env)
        if isinstance(e.slice, ast.Slice):
            if base.known and isinstance(base.value, (str, tuple, bytes)):
                lower = self.expr(e.slice.lower, env) if e.slice.lower else Value.const(None)
                upper = self.expr(e.slice.upper, env) if e.slice.upper else Value.const(None)
                if lower.known and upper.known:
                    try:
                        return Value.const(base.value[lower.value:upper.value])
                    except Exception:
                        pass
            if base.items is not None and all(p is None for p in (e.slice.lower, e.slice.upper, e.slice.step)):
                return base
            if base.items is not None:  # items[1:], items[:-1]: the slots the bounds keep, one by one
                bounds = [self.expr(p, env) if p is not None else Value.const(None)
                          for p in (e.slice.lower, e.slice.upper, e.slice.step)]
                if all(b.known and (b.value is None or type(b.value) is int) for b in bounds) and bounds[2].value != 0:
                    return Value(base.taint, items=base.items[slice(*(b.value for b in bounds))], types=base.types)
            if e.slice.step is None and e.slice.upper is not None:
                lower = self.expr(e.slice.lower, env) if e.slice.lower else Value.const(0)
                upper = self.expr(e.slice.upper, env)
                if lower.known and upper.known and type(lower.value) is int and type(upper.value) is int and \
                        0 <= upper.value <= lower.value:
                    return CLEAN  # p[:0], p[3:3]: nothing of p is left
            return Value(base.all_taint(), types=base.types)
        if key.known:
            k = key.value
            slot = self.packed_param_slot(e.value, base, k)
            if slot is not None:
                return slot
            if base.known and isinstance(base.value, (str, tuple, bytes)) and isinstance(k, int):
                try:
                    return Value.const(base.value[k])
                except Exception:
                    return CLEAN
            if base.items is not None and isinstance(k, int):
                if -len(base.items) <= k < len(base.items):
                    return base.items[k]
                return CLEAN
            if base.fields is not None:
                if k in base.fields:
                    return base.fields[k]
                if base.exact_fields:
                    return Value(base.taint)
        if base.fields is not None and not base.taint and base.exact_fields:
            return join_all(base.fields.values())
        if not key.known and isinstance(e.ctx, ast.Load) and is_namespace(self, e.value) and \
                not affixed_name(e.slice):
            self.sink("reflection", key.all_taint(), e, "global lookup by an untrusted name")
        aliases = self.models.aliases  # request.files["doc"]: an element of a known kind (an upload)
        types = frozenset(t for t in base.types if t in self.models.store_sinks) | \
            frozenset(aliases[f"{t}[]"] for t in base.types if f"{t}[]" in aliases)
        taint = base.all_taint()
        if isinstance(e.ctx, ast.Load):
            # bag[key] on an object of a class of the tree: what its __getitem__ returns for that key
            owners = tuple(f"{t}.__getitem__" for t in sorted(base.types) if self._tree_method(frozenset([t]),
                                                                                               "__getitem__"))
            if owners:
                taint = join_taint(taint, self.call_site(e, owners, [key], {}, base, method=True).taint)
        return Value(taint, types=types)

    def compare(self, e: ast.Compare, env: Env) -> Value:
        left = self.expr(e.left, env)
        values = [self.expr(c, env) for c in e.comparators]
        if left.known and all(v.known for v in values):
            try:
                result = True
                current = left.value
                for op, v in zip(e.ops, values):
                    if not CMPOPS[type(op)](current, v.value):
                        result = False
                        break
                    current = v.value
                return Value.const(result)
            except Exception:
                return CLEAN
        return CLEAN

    def fstring(self, e: ast.JoinedStr, env: Env) -> Value:
        parts = [self.expr(v, env) for v in e.values]
        flags = frozenset()
        if e.values and isinstance(e.values[0], ast.Constant) and isinstance(e.values[0].value, str) and \
                FIXED_PREFIX.match(e.values[0].value):
            flags = frozenset({"fixed-prefix"})
        if all(p.known for p in parts):
            try:
                return Value.const("".join(str(p.value) for p in parts))
            except Exception:
                pass
        taints = []
        origin_fixed = bool(flags)
        for index, (part, node) in enumerate(zip(parts, e.values)):
            if not origin_fixed and index > 0 and isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and PATH_AFTER_BASE.match(node.value) and not any(p.all_taint() for p in parts[:index]):
                # f"{settings.API_URL}/users/{uid}": the base is the code's, uid only picks a path on that host
                origin_fixed, flags = True, frozenset({"fixed-prefix"})
            taints.append(cleanse(part.all_taint(), URL_KINDS) if origin_fixed else part.all_taint())
            origin_fixed = origin_fixed or _writes_query(part)
        return Value(join_taint(*taints), flags=flags | ({"url-query"} if origin_fixed and not flags else set()))

    def binop(self, op: ast.operator, left: Value, right: Value, lnode: ast.AST, rnode: ast.AST) -> Value:
        if isinstance(op, (ast.Mod, ast.Add)) and (left.types & MARKUP_TYPES or
                                                   (isinstance(op, ast.Add) and right.types & MARKUP_TYPES)):
            # Markup("<b>%s</b>") % v, Markup("<b>") + v, v + Markup(...): Markup escapes the plain operand
            markup, plain = (left, right) if left.types & MARKUP_TYPES else (right, left)
            return Value(join_taint(markup.all_taint(), cleanse(plain.all_taint(), ("xss",))), types=markup.types)
        if left.known and right.known and type(op) in BINOPS:
            try:
                a, b = left.value, right.value
                if isinstance(a, (int, float, str, tuple, bytes)) and isinstance(b, (int, float, str, tuple, bytes)):
                    if not (isinstance(op, (ast.Mult, ast.Pow)) and (isinstance(a, (str, tuple, bytes)) or
                                                                   isinstance(b, (str, tuple, bytes)) or abs(b) > 64)):
                        return Value.const(BINOPS[type(op)](a, b))
            except Exception:
                pass
        if isinstance(op, ast.Add) and left.items is not None and right.items is not None:
            return Value(join_taint(left.taint, right.taint), items=left.items + right.items)
        if isinstance(op, ast.Add) and left.items is not None and starts_with_fixed_program(left.items):
            # [sys.executable, "-m", mod] + sys.argv[1:]: the program is still the one written in the code
            return Value(join_taint(left.all_taint(), right.all_taint()), flags=frozenset({"fixed-program"}))
        if isinstance(op, ast.Add) and "fixed-program" in left.flags:
            return Value(join_taint(left.all_taint(), right.all_taint()), flags=frozenset({"fixed-program"}))
        flags = frozenset()
        if isinstance(op, (ast.Add, ast.Mod)) and left.known and isinstance(left.value, str) and \
                FIXED_PREFIX.match(left.value):
            flags = frozenset({"fixed-prefix"})
        elif "fixed-prefix" in left.flags:
            flags = frozenset({"fixed-prefix"})
        elif isinstance(op, ast.Add) and not left.all_taint() and right.known and isinstance(right.value, str) and \
                PATH_AFTER_BASE.match(right.value) and not (left.known and not left.value):
            flags = frozenset({"fixed-prefix"})  # settings.API_URL + "/users/": a path on the host the code chose
        if isinstance(op, ast.Mod) and flags:  # "/users/%s/edit" % uid
            return Value(cleanse(right.all_taint(), URL_KINDS), flags=flags)
        if isinstance(op, ast.Add) and (flags or _writes_query(left)):
            # "/users/" + uid, base + "?q=" + q: what follows a fixed origin or a '?' cannot choose where the URL
            # points; the left part keeps its own taint, so an untrusted base is still reported
            return Value(join_taint(left.all_taint(), cleanse(right.all_taint(), URL_KINDS)),
                         flags=flags or frozenset({"url-query"}))
        if isinstance(op, ast.Add) and _writes_query(right):
            return Value(join_taint(left.all_taint(), right.all_taint()), flags=frozenset({"url-query"}))
        if isinstance(op, ast.Mod) and left.known and isinstance(left.value, str):
            split = _split_at_query(left.value, right)
            if split is not None:
                before, after = split
                return Value(join_taint(*(v.all_taint() for v in before),
                                        *(cleanse(v.all_taint(), URL_KINDS) for v in after)),
                             flags=flags or frozenset({"url-query"}))
        if isinstance(op, ast.Mod) and left.known and isinstance(left.value, str) and right.fields is not None \
                and right.exact_fields:
            named = _named_fields(left.value)
            if named is not None and named <= right.fields.keys():  # "%(a)s" % {"a": ..., "b": ...}: a only
                used = [right.fields[k] for k in named]
                if all(v.known for v in used):
                    try:
                        return Value.const(left.value % {k: right.fields[k].value for k in named})
                    except (TypeError, ValueError, KeyError):
                        pass
                return Value(join_taint(*(v.all_taint() for v in used)), flags=flags)
        types = left.types if isinstance(op, ast.Div) and any(t.startswith("pathlib.") for t in left.types) else frozenset()
        if isinstance(op, (ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.BitAnd, ast.BitOr, ast.BitXor,
                           ast.LShift, ast.RShift)) and not types:
            # arithmetic yields numbers; only str * int keeps text, and str - x is an error
            if isinstance(op, ast.Mult):
                if any(side.known and isinstance(side.value, int) and not isinstance(side.value, bool)
                       and side.value <= 0 for side in (left, right)):
                    return CLEAN  # text * 0 is "", a list * 0 is []: nothing of either side is left
                return Value(join_taint(left.all_taint(), right.all_taint()))
            return Value(join_taint(left.taint, right.taint) if isinstance(op, ast.BitOr) else EMPTY)
        return Value(join_taint(left.all_taint(), right.all_taint()), types=types, flags=flags)

    def comprehension(self, e: ast.AST, env: Env) -> Value:
        exact = self._slotwise_comprehension(e, env)
        if exact is not None:
            return exact
        inner = dict(env)
        for gen in e.generators:
            element = self.element_of(self.expr(gen.iter, inner))
            self.assign(gen.target, element, inner, e)
            for cond in gen.ifs:
                self.expr(cond, inner)
                inner = self.refine(inner, cond, True)
        if isinstance(e, ast.DictComp):
            return Value(join_taint(self.expr(e.key, inner).all_taint(), self.expr(e.value, inner).all_taint()))
        return Value(self.expr(e.elt, inner).all_taint())

    def _slotwise_comprehension(self, e: ast.AST, env: Env) -> Value | None:
        """A comprehension with one unfiltered loop over a literal whose slots are known keeps them:
        ``{k: v for k, v in {"a": q, "b": "x"}.items()}["b"]`` is ``"x"``, ``[s.strip() for s in [q, "x"]][1]``
        is ``"x"``. Each slot is evaluated with the loop variables bound to that slot alone; None when the loop
        has a filter, another loop, or an iterable whose slots are not all known (the joined answer then)."""
        if len(e.generators) != 1 or e.generators[0].ifs or e.generators[0].is_async:
            return None
        gen = e.generators[0]
        if isinstance(e, ast.DictComp):
            pairs = self._known_pairs(gen, env)
            if pairs is None:
                return None
            fields = {}
            for bound in pairs:
                inner = dict(env)
                self.assign(gen.target, bound, inner, e)
                key = self.expr(e.key, inner)
                if not key.known or key.all_taint() or not isinstance(key.value, (str, int, bool)):
                    return None
                fields[key.value] = self.expr(e.value, inner)
            return Value(fields=fields, exact_fields=True)
        if not isinstance(e, (ast.ListComp, ast.GeneratorExp)):
            return None
        iterable = self.expr(gen.iter, env)
        if iterable.items is None or len(iterable.items) > MAX_SLOTWISE:
            return None
        items = []
        for item in iterable.items:
            inner = dict(env)
            self.assign(gen.target, item, inner, e)
            items.append(self.expr(e.elt, inner))
        return Value(items=tuple(items))

    def _known_pairs(self, gen: ast.comprehension, env: Env) -> list[Value] | None:
        """What the loop variable takes, slot by slot, over a dict with exactly known keys: ``d.items()`` gives
        (key, value) pairs, ``d`` and ``d.keys()`` its keys."""
        node, pairs = gen.iter, False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args and \
                not node.keywords and node.func.attr in ("items", "keys"):
            node, pairs = node.func.value, node.func.attr == "items"
        mapping = self.expr(node, env)
        if mapping.fields is None or not mapping.exact_fields or len(mapping.fields) > MAX_SLOTWISE or \
                mapping.taint:
            return None
        keys = [Value(consts=frozenset([k])) for k in mapping.fields]
        if not pairs:
            return keys
        return [Value(items=(k, v)) for k, v in zip(keys, mapping.fields.values())]

    def packed_param_slot(self, node: ast.AST, base: Value, key) -> Value | None:
        """``options["user"]`` of this function's ``**options`` (``values[1]`` of ``*values``), as the function
        received it: a parameter of its own, ``options['user']``, which each call fills with the argument passed
        under that name (at that position), not with every argument the call passed."""
        if not isinstance(node, ast.Name) or node.id not in (self.facts.kwarg, self.facts.vararg):
            return None
        if (node.id == self.facts.kwarg) != isinstance(key, str) or isinstance(key, bool) or \
                not isinstance(key, (str, int)) or (isinstance(key, int) and key < 0):
            return None
        whole = Origin("param", (self.facts.id, node.id))
        own = [label for label in base.taint if label[0] == whole]
        if base.items is not None or base.fields is not None or len(own) != 1:
            return None  # no longer the packed arguments themselves
        name = f"{node.id}[{key!r}]"
        origin = Origin("param", (self.facts.id, name))
        taint = {label: trace for label, trace in base.taint.items() if label[0] != whole}  # (a view's own inputs)
        taint[(origin, own[0][1])] = base.taint[own[0]] + (self.step(node, f"parameter '{name}'"),)
        return Value(taint)

    def element_of(self, iterable: Value) -> Value:
        if iterable.items is not None:
            return join_all(iterable.items) if iterable.items else CLEAN
        if iterable.flags and INDEXED_PAIRS <= iterable.flags:  # enumerate(x): (a number, an element of x)
            return Value(items=(CLEAN, Value(iterable.taint)))
        if iterable.known and isinstance(iterable.value, (str, tuple)):
            return Value(consts=frozenset(iterable.value) if len(iterable.value) <= 8 else None)
        if iterable.fields is not None and iterable.exact_fields:
            return Value(iterable.taint)
        return Value(iterable.all_taint())


def _named_fields(template: str) -> frozenset | None:
    """The keys a ``%``-template reads from its mapping (``"%(user)s"``), or None when it also has positional
    conversions or a ``*`` width (then the right operand is not read by key alone)."""
    names = set()
    for m in PERCENT_SPEC.finditer(template):
        if m.group("kind") == "%" and m.group("name") is None:
            continue
        if m.group("name") is None or "*" in m.group(0):
            return None
        names.add(m.group("name"))
    return frozenset(names)


def _writes_query(value: Value) -> bool:
    """The text so far holds a '?' or '#': whatever is appended lands in the query or fragment of the URL."""
    return "url-query" in value.flags or (value.known and isinstance(value.value, str) and
                                          QUERY_START.search(value.value) is not None)


def _split_at_query(template: str, values: Value) -> tuple[tuple, tuple] | None:
    """``"%s?%s" % (base, args)``: the values formatted before the template's first '?' or '#' (they choose the
    origin) and those after it (they only fill the query); None when the template has no '?' or the values
    cannot be told apart."""
    found = QUERY_START.search(template)
    if found is None:
        return None
    count = template[: found.start()].replace("%%", "").count("%")
    items = values.items if values.items is not None else ((values,) if count <= 1 and
                                                          template.replace("%%", "").count("%") <= 1 else None)
    if items is None:
        return None
    return tuple(items[:count]), tuple(items[count:])


def starts_with_fixed_program(items: tuple) -> bool:
    """A command list whose program no input reaches (a literal, ``sys.executable``, a path built in code) and
    that is not a shell: its other items are arguments to that program, which no shell interprets."""
    if not items:
        return False
    program = items[0]
    if program.all_taint():
        return False
    return not (program.consts and any(c in SHELLS for c in program.consts if isinstance(c, str)))
