"""Calls: models (sources, sinks, sanitizers), calls to code in this tree (call sites that summaries.py settles
across modules), template renders, and the sink check itself. Methods of containers and strings are in
containers.py.
"""

from __future__ import annotations

import ast
import shlex
import sys
from typing import Any

from ..facts import STARRED, CallSite, SinkFact
from ..models import RenderSpec, SinkSpec
from ..values import (
    CLEAN, IDENTITY_FLAGS, OPAQUE, STORED_DESC, Origin, Taint, Value, add_step, cleanse, decoded, is_stored, join,
    join_all, join_taint, mark, stored_origin,
)
from .conditions import (
    FILE_OPENERS, SINK_CONDITIONS, WRITES_FILE, client_pattern, dispatch_candidates, fixed_file_path, is_namespace,
    reflective_getattr, written_file_flags,
)
from .env import Env
from .knowledge import (
    CLEAN_FACTORIES, CONTAINER_METHODS, DB_RESULT_METHODS, DICT_TYPES, HEAP_PUSHES, INDEXED_PAIRS, MAX_LAMBDA_DEPTH,
    MIME_CHECKED_JSON, MONGO_DOCUMENT_READS, OWN_PATH_ATTRS, PATH_METHODS, QUEUE_TYPES, REFLECTED_ONLY_KINDS,
    REGEX_COMPILERS, STRING_METHODS, STRUCTURED, STRUCTURED_INPUTS, STRUCTURED_PARSERS, TEXT_DECODERS, URL_PARSERS,
)
from .syntax import dotted_name, passes_starred, root_name
from . import sensitive
from .types import attr_taint, carried

TEMPLATE_RENDER_METHODS = frozenset({"render", "render_async", "stream", "generate"})
JINJA_ENVIRONMENTS = frozenset({"jinja2.Environment", "jinja2.environment.Environment",
                                "jinja2.sandbox.SandboxedEnvironment"})


def constant_attribute(e: ast.Call, args: list[Value]) -> ast.Attribute | None:
    """``getattr(box, "value")`` / ``setattr(box, "value", v)`` with a written identifier as the name: the
    attribute ``box.value`` as a node (None for any other shape)."""
    if len(e.args) < 2 or e.keywords or passes_starred(e) or len(args) < 2:
        return None
    name = args[1]
    if not (name.known and isinstance(name.value, str) and name.value.isidentifier()) or \
            dotted_name(e.args[0]) is None:
        return None
    return ast.copy_location(ast.Attribute(value=e.args[0], attr=name.value,
                                           ctx=ast.Store() if len(e.args) == 3 else ast.Load()), e)


class CallsMixin:
    """Call evaluation and sink checks for FunctionAnalyzer."""

    _lambda_depth = 0  # lambdas being inlined inside one another (call_local)

    # --- calls -----------------------------------------------------------------------------------------------
    def call(self, e: ast.Call, env: Env) -> Value:  # noqa: C901 - the heart: models, containers, call sites
        func = e.func
        args = [self.expr(a, env) for a in e.args]
        if e.keywords:
            kwargs = {kw.arg: self.expr(kw.value, env) for kw in e.keywords if kw.arg is not None}
            star_taint = join_taint(*(self.expr(kw.value, env).all_taint() for kw in e.keywords if kw.arg is None))
            if star_taint:
                kwargs["**"] = Value(star_taint)
        else:
            kwargs = {}

        local = None
        if isinstance(func, ast.Name) and func.id in env:
            local = env[func.id]
        q = None
        root = root_name(func)
        if local is None and (root is None or root not in env) and isinstance(func, (ast.Name, ast.Attribute)):
            q = self.ctx.qualname(func)
            if q is not None and root in self.mod.globals and isinstance(func, ast.Attribute) and \
                    root not in self.ctx.names.aliases:
                q = None  # a module-level variable, not an import: treat as a method call on its value

        if not e.args and not e.keywords and isinstance(func, ast.Name) and self.facts.id != self.mod.body_id:
            target = local if local is not None else self.mod.globals.get(func.id)
            if target is not None and target.func is not None and not (
                    isinstance(target.func, str) and target.func in self.mod.nonlocal_effects):
                constant = self.constant_result(target.func)
                if constant is not None:  # def backend(): return Config.BASE_URL
                    return constant
        if local is not None and local.func is not None:
            return self.call_local(local.func, e, args, kwargs, env)
        renders = self.models.renders
        if q is not None and q in renders:
            loaded = self.render_call(renders[q], q, e, args, kwargs, env)
            if loaded is not None:
                return loaded
        if q == "builtins.super" and self.cls and self.cls in self.mod.facts.classes:
            # super() in a method: an object of the base classes, so super().__init__(value) is the base's
            return Value(types=frozenset(self.mod.facts.classes[self.cls]))
        if q in ("builtins.map", "builtins.filter") and len(args) == 2:
            element = self.element_of(args[1])
            if q == "builtins.filter":
                return Value(args[1].all_taint())
            if args[0].func is not None and not isinstance(args[0].func, ast.Call):  # (a partial: joined below)
                return Value(self.call_local(args[0].func, e, [element], {}, env).all_taint())
            return Value(join_taint(args[0].taint, element.all_taint()))
        if q is not None:
            handled = self.call_qualified(q, e, args, kwargs, env)
            if handled is not None:
                return handled
            if isinstance(func, ast.Attribute) and func.attr in self.models.method_sinks and \
                    not self._receiver_is_module(func):
                receiver = self.expr(func.value, env)
                for spec in self.models.method_sinks[func.attr]:
                    self.check_sink(spec, func.attr, e, args, kwargs, receiver, env)
            if isinstance(func, ast.Attribute) and func.attr in MONGO_DOCUMENT_READS:
                return self.stored(e)  # users.find_one(...) on a collection imported from another module
            if isinstance(func, ast.Attribute) and func.attr in self.models.sanitizers and \
                    not self._receiver_is_module(func):
                # accounts.authenticate(...) on an object imported from another module: a method sanitizer by name
                receiver = self.expr(func.value, env)
                return Value(cleanse(join_taint(receiver.taint, *(a.all_taint() for a in args)),
                                     self.models.sanitizers[func.attr]))
            if ".objects." in q:
                return self.stored(e)  # a Django model manager: rows from the database, not this request's input
            if isinstance(func, ast.Name) and not passes_starred(e) and \
                    "**" not in kwargs:
                record = self.mod.record(q)
                if record is not None:
                    built = self._record(q, *record, e, args, kwargs)
                    if built is not None:
                        return built
            if isinstance(func, ast.Name) or not self._owned_by_object(q.rsplit(".", 1)[0]):
                site = self.call_site(e, (q,), args, kwargs, None, types=frozenset([self.models.canonical_type(q)]))
                if q in JINJA_ENVIRONMENTS:
                    setting = kwargs.get("autoescape")
                    if (setting is None and "**" not in kwargs) or (setting is not None and setting.known
                                                                    and not setting.value):
                        site = site.with_flags({"autoescape-off"})  # its templates escape nothing
                model, _, rest = q.partition(".query.")
                if rest and model.rpartition(".")[2][:1].isupper():  # Model.query.filter_by(...): SQLAlchemy rows
                    return Value(join_taint(site.taint, self.stored(e).taint), types=site.types)
                return site
        if isinstance(func, ast.Attribute):
            receiver = self.expr(func.value, env)
            return self.method_call(e, receiver, func.attr, args, kwargs, env)
        callee = self.expr(func, env)
        if callee.func is not None:  # HANDLERS[kind](x), getattr(...)(x), (lambda a, b: b)(x, y)
            return self.call_local(callee.func, e, args, kwargs, env)
        if "reflective" in callee.flags:  # handler = getattr(obj, name); handler(...): the name chose the code
            self.sink("reflection", callee.taint, e, "call of an attribute looked up by an untrusted name")
            return Value(join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values())))
        return Value(join_taint(callee.taint, mark(join_taint(*(a.all_taint() for a in args),
                                                              *(v.all_taint() for v in kwargs.values())), OPAQUE)))

    def _record(self, q: str, record: tuple, is_tuple: bool, e: ast.Call, args: list[Value],
                kwargs: dict) -> Value | None:
        """A record class built from its arguments (``Pair(q, "x")``): each field holds its argument, read back
        by ``.first`` (and by index for a named tuple); the class's methods see them as ``self.first``."""
        if len(args) > len(record) or any(k not in {name for name, _ in record} for k in kwargs):
            return None  # not the constructor the fields describe: let the call be settled as any other
        fields: dict[str, Value] = {}
        for i, (name, default) in enumerate(record):
            if i < len(args):
                fields[name] = args[i]
            elif name in kwargs:
                fields[name] = kwargs[name]
            elif default is not None:
                fields[name] = self.expr(default, {})
            else:
                return None  # a required field left out: a TypeError at run time, nothing to model
        for name, value in fields.items():
            taint = carried(self, value, e)
            if taint:
                self.facts.field_stores.append((q, name, add_step(taint, self.step(e, f"stored in .{name}"))))
        items = tuple(fields[name] for name, _ in record) if is_tuple else None
        return Value(fields=fields, items=items, types=frozenset([q]))

    def _tree_class(self, qualname: str) -> bool:
        """A type that may be a class of the reviewed tree (defined here, or imported from another module of
        the tree), as opposed to one the models know (a framework's request, a library's result)."""
        if qualname in self.mod.facts.classes:
            return True
        last = qualname.rpartition(".")[2]
        return bool(last) and last[0].isupper() and qualname not in self.models.typed_sources \
            and not self._owned_by_object(qualname) and "." in qualname

    def _owned_by_object(self, owner: str) -> bool:
        """``request.args.get`` is a method of a modelled object; ``helpers.utils.escape`` a module function."""
        memo = self.mod.owned_by_object
        found = memo.get(owner)
        if found is None:
            found = memo[owner] = self._owned_by_object_uncached(owner)
        return found

    def _owned_by_object_uncached(self, owner: str) -> bool:
        for table in (self.models.objects, self.models.attr_sources):
            if owner in table or any(owner.startswith(o + ".") for o in table):
                return True
        return False

    def call_local(self, func: Any, e: ast.Call, args: list[Value], kwargs: dict, env: Env) -> Value:
        if isinstance(func, ast.Lambda):
            depth = self._lambda_depth
            if depth >= MAX_LAMBDA_DEPTH:  # f = lambda x: f(x): what it returns is what it was given, at most
                return Value(join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values())))
            self._lambda_depth = depth + 1
            try:
                return self._inline_lambda(func, args, kwargs, env)
            finally:
                self._lambda_depth = depth
        if isinstance(func, str):
            result = self.call_site(e, (func,), args, kwargs, None)
            effects = self.mod.nonlocal_effects.get(func)
            if effects:
                self._rebind_nonlocals(func, effects, args, kwargs, env)
            return result
        if isinstance(func, ast.Call):
            return self._call_partial(func, e, args, kwargs, env) if isinstance(e, ast.Call) else CLEAN
        if isinstance(func, frozenset):  # one of several functions (a dispatch table, a prefixed getattr)
            return join_all([self.call_site(e, (fid,), args, kwargs, None) for fid in sorted(func)])
        return CLEAN

    def _rebind_nonlocals(self, func: str, effects: dict, args: list[Value], kwargs: dict, env: Env) -> None:
        """After a call of a closure that rebinds enclosing variables (``nonlocal x; x = ...``), those variables
        hold what it left in them: on every path, the closure's value; on some, either. What the closure assigned
        from its own parameters is what this call passed (joined: the slot of each argument is not kept)."""
        passed = None
        for name, (value, always) in effects.items():
            if any(origin.kind == "param" and origin.key[:1] == (func,) for origin, _ in value.all_taint()):
                if passed is None:
                    passed = join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values()))
                own = {label: trace for label, trace in value.all_taint().items()
                       if not (label[0].kind == "param" and label[0].key[:1] == (func,))}
                value = Value(join_taint(own, passed))
            env[name] = value if always or name not in env else join(env[name], value)

    def _call_partial(self, partial: ast.Call, e: ast.Call, args: list[Value], kwargs: dict, env: Env) -> Value:
        """``g = functools.partial(f, a, k=v)`` called as ``g(b)`` is ``f(a, b, k=v)``: one call written out of the
        two, where g is called. The bound expressions are read there; the call's own arguments are the values
        already evaluated (read twice, ``q.popleft()`` would take a second element)."""
        key = (partial, e)
        made = self.mod.partials.get(key)
        if made is None:
            held = [ast.Starred(ast.Name(f"_partial_{i}", ast.Load()), ast.Load()) if isinstance(a, ast.Starred)
                    else ast.Name(f"_partial_{i}", ast.Load()) for i, a in enumerate(e.args)]
            named = [ast.keyword(kw.arg, ast.Name(f"_partial_{kw.arg or '_more'}", ast.Load())) for kw in e.keywords]
            made = ast.Call(func=partial.args[0], args=[*partial.args[1:], *held], keywords=[*partial.keywords, *named])
            for node in (made, *held, *named, *(h.value for h in held if isinstance(h, ast.Starred)),
                         *(k.value for k in named)):
                ast.copy_location(node, e)
            self.mod.partials[key] = made
        depth = self._lambda_depth
        if depth >= MAX_LAMBDA_DEPTH:
            return Value(join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values())))
        temporary = {f"_partial_{i}": value for i, value in enumerate(args)}
        temporary.update({f"_partial_{name}": value for name, value in kwargs.items() if name != "**"})
        if "**" in kwargs:
            temporary["_partial__more"] = kwargs["**"]
        saved = {name: env[name] for name in temporary if name in env}
        env.update(temporary)
        self._lambda_depth = depth + 1
        try:
            return self.call(made, env)
        finally:
            self._lambda_depth = depth
            for name in temporary:
                env.pop(name, None)
            env.update(saved)

    def _inline_lambda(self, func: ast.Lambda, args: list[Value], kwargs: dict, env: Env) -> Value:
        """A lambda's body evaluated with its parameters bound to this call's arguments."""
        inner = dict(env)
        spec = func.args
        params = [a.arg for a in spec.posonlyargs + spec.args]
        defaults = dict(zip(params[len(params) - len(spec.defaults):], spec.defaults))
        for name, value in zip(params, args):
            inner[name] = value
        rest = Value(join_taint(*(a.all_taint() for a in args[len(params):]),
                                *(v.all_taint() for v in kwargs.values())))  # what no named parameter took
        for name in params[len(args):]:  # a parameter is its argument, its default, or nothing known
            inner[name] = kwargs[name] if name in kwargs else \
                self.expr(defaults[name], env) if name in defaults else rest
        for extra in (spec.vararg, spec.kwarg):
            if extra is not None:
                inner[extra.arg] = rest
        for kw, default in zip(spec.kwonlyargs, spec.kw_defaults):
            inner[kw.arg] = kwargs[kw.arg] if kw.arg in kwargs else \
                self.expr(default, env) if default is not None else CLEAN
        return self.expr(func.body, inner)

    def call_qualified(self, q: str, e: ast.Call, args: list[Value], kwargs: dict, env: Env) -> Value | None:
        """Models for a call known by its qualified name; None when no model applies."""
        models = self.models
        if q in models.call_sources:
            for spec in models.call_sinks.get(q, ()):  # litellm.completion: its answer is input, its prompt a sink
                self.check_sink(spec, q, e, args, kwargs, None, env)
            return self.source(e, models.call_sources[q], q)
        if q == "functools.partial" and e.args and not isinstance(e.args[0], ast.Starred):
            return Value(func=e)  # called later: _call_partial
        named = constant_attribute(e, args)
        if named is not None and q == "builtins.setattr" and len(e.args) == 3:
            self.assign(named, args[2], env, e)  # setattr(box, "value", v) is box.value = v
            return CLEAN
        if named is not None and q == "builtins.getattr" and dotted_name(named) in env:
            found = self.expr(named, env)  # getattr(box, "value") is box.value, where the analysis holds it
            return join(found, args[2]) if len(args) > 2 else found
        if q == "builtins.getattr" and len(e.args) >= 2 and len(args) >= 2 and \
                not any(isinstance(a, ast.Starred) for a in e.args[:2]):
            candidates = dispatch_candidates(self, e.args[0], e.args[1], args[0], args[1])
            if candidates:  # getattr(self, "do_" + cmd): calling it calls one of these
                return Value(args[0].taint, func=candidates)
            reflective = reflective_getattr(self, e, args, e.args[0], e.args[1])
            if reflective is not None:
                return reflective
        if q in ("importlib.import_module", "builtins.__import__") and args and args[0].known and \
                isinstance(args[0].value, str) and not args[0].value.startswith("."):
            return Value(types=frozenset([args[0].value]))  # a module of a constant name: its functions resolve
        if q in QUEUE_TYPES and not args and not kwargs:
            return Value(items=(), types=frozenset([q]))
        if q in ("collections.deque", "builtins.list") and not kwargs and \
                (not args or (len(args) == 1 and args[0].items is not None)):
            # a sequence whose slots are followed one by one
            return Value(args[0].taint, items=args[0].items) if args else Value(items=())
        if q == "builtins.next" and args and isinstance(e.args[0], ast.GeneratorExp) and \
                args[0].items is not None and not args[0].taint:
            # next(x for x in ["k", q]): a fresh generator's first slot (a named iterator may have moved on)
            return args[0].items[0] if args[0].items else args[1] if len(args) > 1 else CLEAN
        if q in ("builtins.reversed", "builtins.tuple") and len(args) == 1 and not kwargs and \
                args[0].items is not None:
            items = args[0].items
            return Value(args[0].taint, items=tuple(reversed(items)) if q == "builtins.reversed" else items)
        if q == "builtins.enumerate" and args and not passes_starred(e):
            # (index, element) pairs: the index is a number, the element what the iterable holds
            start = args[1] if len(args) > 1 else kwargs.get("start")
            first = 0 if start is None else start.value if start.known and isinstance(start.value, int) else None
            if args[0].items is not None and first is not None:
                return Value(args[0].taint, items=tuple(Value(items=(Value.const(first + i), item))
                                                        for i, item in enumerate(args[0].items)))
            return Value(args[0].all_taint(), flags=INDEXED_PAIRS)
        if q in ("builtins.min", "builtins.max") and args and not passes_starred(e):
            # one of the values (of the one iterable given), whatever ``key`` orders them by
            chosen = self.element_of(args[0]) if len(args) == 1 else join_all(args)
            return join(chosen, kwargs["default"]) if "default" in kwargs else chosen
        if q in HEAP_PUSHES and len(args) >= 2 and isinstance(e.args[0], ast.Name) and e.args[0].id in env:
            # heappush(heap, item): the heap (a list whose order the analysis does not follow) now holds the item
            heap = env[e.args[0].id]
            popped = Value(heap.all_taint())
            env[e.args[0].id] = Value(join_taint(heap.all_taint(), args[1].all_taint()))
            return CLEAN if q == "heapq.heappush" else join(popped, args[1])
        if q in ("heapq.heappop", "heapq.nsmallest", "heapq.nlargest", "heapq.merge") and args:
            return Value(join_taint(*(a.all_taint() for a in (args[1:] if q in ("heapq.nsmallest", "heapq.nlargest")
                                                              else args))))
        if q == "itertools.chain" and not kwargs and all(a.items is not None for a in args) and \
                not passes_starred(e):
            # chain([q], ["x"]): the slots of each iterable, one after the other
            return Value(join_taint(*(a.taint for a in args)), items=tuple(i for a in args for i in a.items))
        if q == "builtins.zip" and args and not kwargs and all(a.items is not None for a in args):
            # zip(keys, values): pairs slot by slot, as long as the shortest
            width = min(len(a.items) for a in args)
            return Value(join_taint(*(a.taint for a in args)),
                         items=tuple(Value(items=tuple(a.items[i] for a in args)) for i in range(width)))
        if q in DICT_TYPES and "**" not in kwargs and not passes_starred(e) and \
                (not args or (len(args) == 1 and args[0].fields is not None and args[0].exact_fields)):
            # dict(a=q, b="x"), OrderedDict(), dict(mapping, extra=v): the keys are known, each value is followed
            fields = {**(args[0].fields if args else {}), **kwargs}
            return Value(args[0].taint, fields=fields, exact_fields=True) if args else \
                Value(fields=fields, exact_fields=True)
        if q == "collections.defaultdict" and not kwargs and len(e.args) <= 1 and \
                (not e.args or self.ctx.qualname(e.args[0]) in CLEAN_FACTORIES):
            return Value(fields={}, exact_fields=True)  # a missing key reads the factory's empty value
        if q in DICT_TYPES and len(args) == 1 and not kwargs and args[0].items is not None and \
                all(p.items is not None and len(p.items) == 2 and p.items[0].known for p in args[0].items) and \
                not args[0].taint:
            fields = {}  # dict(zip(keys, values)), dict([("k", v)]): the keys are known, each value is followed
            for pair in args[0].items:
                fields[pair.items[0].value] = pair.items[1]
            return Value(fields=fields, exact_fields=True)
        if q == "shlex.split" and len(args) == 1 and args[0].known and isinstance(args[0].value, str):
            try:  # shlex.split("ping -c 1") + [host]: a command list whose program the code wrote
                return Value(items=tuple(Value.const(word) for word in shlex.split(args[0].value)))
            except ValueError:
                return None
        if q in TEXT_DECODERS and args and not kwargs and args[0].all_taint():
            return Value(decoded(args[0].all_taint()))  # unquote(name) after "../" not in name: the check is undone
        if q in STRUCTURED_PARSERS and args and args[0].all_taint():
            return Value(cleanse(args[0].all_taint(), STRUCTURED))  # parsed JSON: dicts and lists, operators too
        sinks = models.call_sinks.get(q)
        if sinks:
            clean_result = False
            for spec in sinks:
                self.check_sink(spec, q, e, args, kwargs, None, env)
                clean_result = clean_result or spec.clean_result
            if clean_result:
                flags = written_file_flags(self, q, e, args, kwargs)
                if not flags and q in FILE_OPENERS and args and _client_chosen_path(args[0]):
                    return Value(self.chosen_file(e).taint, types=frozenset([q]))
                named = fixed_file_path(q, args, kwargs)
                if named is not None:
                    path, writes = named
                    if writes:
                        return Value(types=frozenset([q]), flags=flags | {WRITES_FILE + path})
                    if path in self.file_writes:  # read back what this function wrote there
                        read = add_step(self.file_writes[path], self.step(e, f"read back from {path!r}"))
                        return Value(read, types=frozenset([q]))
                return Value(types=frozenset([q]), flags=flags)
        if q in models.sanitizers:
            everything = join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values()))
            return Value(cleanse(everything, models.sanitizers[q]), types=frozenset([q]))
        if q in models.normalizers:
            everything = join_taint(*(a.all_taint() for a in args))
            return Value(everything, flags=frozenset({"normalized"}))
        if q in URL_PARSERS and e.args:
            key = dotted_name(e.args[0])
            return Value(args[0].all_taint(), flags=frozenset({f"urlparse-of:{key}"} if key else ()))
        if q in ("lxml.etree.XMLParser", "lxml.etree.XMLPullParser"):
            resolve = kwargs.get("resolve_entities")
            safe = resolve is not None and resolve.known and not resolve.value
            return Value(types=frozenset([q]), flags=frozenset() if safe else frozenset({"xxe"}))
        if q in ("os.path.join", "posixpath.join", "ntpath.join"):
            return Value(join_taint(*(a.all_taint() for a in args)), types=frozenset())
        if sinks:
            taint = join_taint(*(a.all_taint() for a in args))
            if any(spec.kind == "code" for spec in sinks) and not q.endswith("compile"):
                return Value(types=frozenset([q]))  # eval(input)'s result: the code-injection finding says it all
            if q in REGEX_COMPILERS and args and args[0].all_taint():
                return Value(client_pattern(args[0].all_taint()))  # the client's own pattern, unless re.escape'd
            if any(spec.kind == "deserialization" and spec.when is None for spec in sinks):
                return Value(types=frozenset([q]))  # pickle.loads(input): the attacker's object, reported as such
            if any(spec.kind == "command" for spec in sinks):
                taint = cleanse(taint, (OPAQUE,))  # what the program printed, which may or may not echo its input
            elif any(spec.kind == "ssrf" for spec in sinks):
                # what a server answered: the client's only where the client chose the server (an allow-listed
                # host answers with its own content), and then through a call the analysis cannot see into
                taint = cleanse({label: trace for label, trace in taint.items() if "ssrf" not in label[1]},
                                (OPAQUE,))
            return Value(taint, types=frozenset([q]))
        return None

    def method_call(self, e: ast.Call, receiver: Value, method: str, args: list[Value], kwargs: dict, env: Env) -> Value:
        models = self.models
        func = e.func
        if method in TEMPLATE_RENDER_METHODS and receiver.flags and \
                self.render_loaded(receiver, method, e, args, kwargs, env):
            return CLEAN  # the page, escaped as the template says: its raw outputs are the template's findings
        spec = models.renders.get("." + method)
        if spec is not None and not self._receiver_is_module(func):
            loaded = self.render_call(spec, method, e, args, kwargs, env, receiver)
            if loaded is not None:
                return loaded
        types = receiver.types
        typed_names = [f"{t}.{method}" for t in types] if types else ()
        for t, name in zip(types, typed_names):
            table = models.typed_sources.get(t)
            if table and method in table:
                value = self.source(e, table[method])
                if name in MIME_CHECKED_JSON and not _forced(e):
                    return value.cleansed(STRUCTURED | REFLECTED_ONLY_KINDS)
                if name in STRUCTURED_INPUTS:
                    return value.cleansed(STRUCTURED)
                return value.cleansed(("redirect",)) if method in OWN_PATH_ATTRS else value
            if name in models.method_sources:
                return self.source(e, models.method_sources[name])
        clean_result = False
        method_sinks = models.method_sinks
        for name in (method, *typed_names) if types else (method,):
            for spec in method_sinks.get(name, ()):
                if name == method and self._receiver_is_module(func):
                    continue
                self.check_sink(spec, name, e, args, kwargs, receiver, env)
                clean_result = clean_result or (spec.clean_result and name != method)
        if clean_result:
            if method in PATH_READS and any(t.startswith("pathlib") for t in types) and _client_chosen_path(receiver):
                return self.chosen_file(e)
            return CLEAN
        chains = models.chain_sources.get(method)
        if chains:  # client.chat.completions.create(...): the end of the chain names the API
            written = dotted_name(func)
            for chain, desc in chains:
                if written is not None and (written == chain or written.endswith("." + chain)):
                    return self.source(e, desc)
        if types and any(t.startswith("configparser.") for t in types):
            keyed = self.config_method(receiver, method, args, dotted_name(func.value), env)
            if keyed is not None:
                return keyed
        for name in typed_names:
            if name in models.sanitizers:
                return Value(cleanse(join_taint(receiver.taint, *(a.all_taint() for a in args)), models.sanitizers[name]))
            if name in models.normalizers:
                return Value(receiver.all_taint(), types=receiver.types, flags=frozenset({"normalized"}))
        if method in DB_RESULT_METHODS and not receiver.types & self.mod.typed_source_names:
            # rows from the database: stored data, not this request's input
            return CLEAN if method in ("count", "exists") else self.stored(e)
        if method.startswith("get_object") and any(k.arg == "pk" for k in e.keywords) and \
                not receiver.types & self.mod.typed_source_names:
            # content_type.get_object_for_this_type(pk=object_id), a view's get_object(pk=...): the id only
            # chooses which stored row comes back
            return self.stored(e)
        if method in models.sanitizers and not self._receiver_is_module(func):  # a method name on any receiver
            return Value(cleanse(join_taint(receiver.taint, *(a.all_taint() for a in args)), models.sanitizers[method]))
        if method in {"add", "set", "setdefault", "add_header", "extend"} and len(args) >= 2 and \
                isinstance(func.value, ast.Attribute) and func.value.attr == "headers" and \
                not (self.expr(func.value.value, env).types & self.mod.typed_source_names):
            self.header_sink(args[0], args[1], e)
            return CLEAN
        if method in ("write", "writelines") and args and receiver.flags and args[0].all_taint():
            for flag in receiver.flags:
                if flag.startswith(WRITES_FILE):
                    path = flag[len(WRITES_FILE):]
                    written = add_step(args[0].all_taint(), self.step(e, f"written to the file {path!r}"))
                    self.file_writes[path] = join_taint(self.file_writes.get(path, {}), written)
        if "xxe" in receiver.flags and method in {"parse", "feed", "parseString"} and args:
            self.sink("xxe", args[0].all_taint(), e, "XML parser with external entities enabled")
        if method in PATH_METHODS and types and any(t.startswith("pathlib.") for t in types):
            taint = join_taint(receiver.all_taint(), *(a.all_taint() for a in args))
            return Value(taint, types=frozenset({"pathlib.Path"}), flags=receiver.flags & {"normalized"})
        if types and (method in CONTAINER_METHODS or method in STRING_METHODS) and self._tree_method(types, method):
            # a method of a class of this tree that happens to share a str or list method's name (find, format)
            callees = tuple(f"{t}.{method}" for t in sorted(types))
            fluent = types if all(self.mod.returns_self(c) for c in callees) else frozenset()
            return self.call_site(e, callees, args, kwargs, receiver, method=True, types=frozenset(callees) | fluent)
        if method == "get" and args and is_namespace(self, func.value):
            self.sink("reflection", args[0].all_taint(), e, "global lookup by an untrusted name")
        if method in CONTAINER_METHODS:
            container = self.container_method(receiver, method, args, kwargs, dotted_name(func.value), env, e)
            if container is not None:
                return container
        if method in STRING_METHODS:
            string = self.string_method(receiver, method, args, kwargs, e)
            if string is not None:
                return string
        if types and not any(t in models.typed_sources for t in types):
            callees = tuple(f"{t}.{method}" for t in sorted(types))
            fluent = method in {"resolve", "absolute"} or all(self.mod.returns_self(c) for c in callees)
            return self.call_site(e, callees, args, kwargs, receiver, method=True,
                                  types=frozenset(models.canonical_type(c) for c in callees) |
                                  (types if fluent else frozenset()))
        # A method the analysis cannot see into, on an object of unknown type: data of the object itself (a
        # string's own method) passes on as it is, data only given as arguments passes on as less certain
        # (sqli.getUser(name) may return the user's row, not the name)
        taint = join_taint(receiver.taint, mark(join_taint(*(a.all_taint() for a in args),
                                                           *(v.all_taint() for v in kwargs.values())), OPAQUE))
        flags = receiver.flags & {"normalized"} if method in {"joinpath", "__truediv__"} else frozenset()
        if not types:
            extra = attr_taint(self, receiver, method, e)  # rq.get_json() on a parameter that may be a request
            return Value({**taint, **extra} if extra else taint, flags=flags)
        return Value(taint, types=frozenset(f"{t}.{method}()" for t in types if t.startswith("pathlib")) |
                     (types if any(t.startswith("pathlib") for t in types) else frozenset()),
                     flags=flags)

    def _tree_method(self, types: frozenset, method: str) -> bool:
        """An object of a class this module defines with that method, or of a class of this module's own
        package (``self`` of a subclass, an instance of a sibling module's class)."""
        classes = self.mod.facts.classes
        own_root = self.ctx.names.module.partition(".")[0]
        for t in types:
            if t in classes:
                if f"{t}.{method}" in self.mod.function_ids:
                    return True
            elif "." in t and t.partition(".")[0] == own_root and self._tree_class(t):
                return True
            elif method in STRING_METHODS and method not in CONTAINER_METHODS and "." in t and \
                    t.partition(".")[0] not in sys.stdlib_module_names and self._tree_class(t):
                return True  # Catalog("x.db").find(title), Catalog from a sibling module: not str.find
        return False

    def _receiver_is_module(self, func: ast.Attribute) -> bool:
        root = root_name(func)
        return isinstance(func.value, ast.Name) and root in self.ctx.names.aliases and \
            self.ctx.names.aliases[root] == root and root not in self.mod.globals

    def config_method(self, receiver: Value, method: str, args: list[Value], key: str | None, env: Env) -> Value | None:
        """configparser: values stored with set(section, option, value) and read back with get(section, option)."""
        if len(args) < 2 or not (args[0].known and args[1].known):
            return None
        slot = (args[0].value, args[1].value)
        fields = dict(receiver.fields or {})
        if method == "set" and len(args) >= 3:
            if key and key in env:
                fields[slot] = args[2]
                env[key] = Value(receiver.taint, None, fields, None, receiver.types, receiver.flags,
                                 exact_fields=receiver.exact_fields or receiver.fields is None)
            return CLEAN
        if method in {"get", "getint", "getfloat", "getboolean"} and receiver.fields is not None:
            if method != "get":
                return CLEAN
            return fields.get(slot, Value(receiver.taint) if not receiver.exact_fields else CLEAN)
        return None

    def constant_result(self, func_id: str) -> Value | None:
        """The constant a parameterless module-level function returns, where its whole body is ``return``
        of constants, module or class constants and operators on them (no call, so evaluating it here has no
        effect of its own)."""
        memo = self.mod.constant_results
        if func_id in memo:
            return memo[func_id]
        memo[func_id] = None
        node = self.mod.function_nodes().get(func_id)
        # module-level functions only: a nested one's names may be its enclosing function's locals
        params = node.args if isinstance(node, ast.FunctionDef) else None
        if params is not None and not node.decorator_list and node in self.ctx.tree.body and \
                not (params.args or params.posonlyargs or params.kwonlyargs or params.vararg or params.kwarg):
            body = node.body[1:] if len(node.body) > 1 and isinstance(node.body[0], ast.Expr) and \
                isinstance(node.body[0].value, ast.Constant) else node.body
            returned = body[0].value if len(body) == 1 and isinstance(body[0], ast.Return) else None
            globals_ = self.mod.globals
            if returned is not None and \
                    all(isinstance(n, (ast.Constant, ast.Name, ast.Attribute, ast.BinOp, ast.JoinedStr,
                                       ast.FormattedValue, ast.Load, ast.operator)) for n in ast.walk(returned)) and \
                    all(n.id in globals_ for n in ast.walk(returned) if isinstance(n, ast.Name)):
                value = self.expr(returned, dict(globals_))  # the module's names, never the caller's
                if value.known and isinstance(value.value, (str, int, bytes)):
                    memo[func_id] = Value.const(value.value)
        return memo[func_id]

    def call_site(self, e: ast.Call, callees: tuple[str, ...], args: list[Value], kwargs: dict,
                  receiver: Value | None, method: bool = False, types: frozenset = frozenset()) -> Value:
        """A call settled later across modules; the result is a "call" label the solver resolves."""
        self._call_ids += 1
        site_id = self._call_ids
        site = CallSite(
            id=site_id,
            callees=callees,
            # (a value with no type and no flag hands on its taint alone: carried() without the call)
            args=[carried(self, a, e) if a.types or a.flags else a.all_taint() for a in args],
            kwargs={**{k: carried(self, v, e) if v.types or v.flags else v.all_taint() for k, v in kwargs.items()},
                    **({STARRED: {}} if passes_starred(e) else {})},  # f(*rest): later positions unknown
            receiver=receiver.all_taint() if receiver is not None else None,
            location=self.mod.locations.get(e) or self.loc(e),
            code=self.mod.codes.get(e.lineno) or self.code(e),
            is_method=method,
        )
        self.facts.calls[site_id] = site
        origin = Origin("call", (self.facts.id, site_id))
        return Value({(origin, frozenset()): ()}, types=types, flags=IDENTITY_FLAGS)  # the very object returned

    # --- templates -------------------------------------------------------------------------------------------
    def chosen_file(self, e: ast.AST) -> Value:
        """What a file whose name the client chose holds: not the client's text, but whatever they could get into
        some file (an upload, a log line), so a second-order source like a database row (shown by templates that
        write it raw; see ``values.stored_origin``)."""
        origin = stored_origin(self.path, e.lineno, e.col_offset)
        return Value({(origin, frozenset()): (self.step(e, "source: the contents of a file the client chose"),)})

    def stored(self, e: ast.AST) -> Value:
        """Data read back from the database: a second-order source (see ``values.stored_origin``)."""
        origin = stored_origin(self.path, e.lineno, e.col_offset)
        return Value({(origin, frozenset()): (self.step(e, f"source: {STORED_DESC}"),)})

    def render_call(self, spec: RenderSpec, api: str, e: ast.Call, args: list[Value], kwargs: dict,
                    env: Env, receiver: Value | None = None) -> Value | None:
        """A render of a template named by a constant: one xss sink per tainted context variable, carrying the
        template and the variable (``hint``); ``templates.link`` keeps those the template writes raw. A loader
        (``get_template``) returns the template, flagged with its name, for a later ``.render(...)``."""
        names = self._template_names(spec, e, args, kwargs)
        if not names:
            return None
        if spec.loads:
            return Value(flags=frozenset(f"template:{spec.dialect}:{n}" for n in names) |
                         (receiver.flags & {"autoescape-off"} if receiver is not None else frozenset()))
        context: dict[str, Value] = {}
        if spec.context_kwargs:
            for kw in e.keywords:
                if kw.arg is not None and kw.arg != spec.template_kw and kw.arg in kwargs:
                    context[kw.arg] = kwargs[kw.arg]
                elif kw.arg is None and isinstance(kw.value, ast.Name):  # **ctx: the dict's keys, when known
                    context.update(self._context_fields(self.expr(kw.value, env)))
        if spec.context >= 0:
            value = None
            if spec.context < len(args) and not any(isinstance(a, ast.Starred) for a in e.args[: spec.context + 1]):
                value = args[spec.context]
            elif spec.context_kw in kwargs:
                value = kwargs[spec.context_kw]
            if value is not None:
                context.update(self._context_fields(value))
        self._render_sinks(spec.dialect, names, context, e, api)
        return None

    def render_loaded(self, receiver: Value, method: str, e: ast.Call, args: list[Value], kwargs: dict,
                      env: Env) -> bool:
        """``template.render(context)`` / ``.render(**context)`` on a template a loader returned."""
        loaded = [f.split(":", 2)[1:] for f in receiver.flags if f.startswith("template:")]
        if not loaded or "autoescape-off" in receiver.flags:
            return False  # an environment that escapes nothing: the rendered page carries the data's taint
        context: dict[str, Value] = {}
        if args and not any(isinstance(a, ast.Starred) for a in e.args[:1]):
            context.update(self._context_fields(args[0]))
        for kw in e.keywords:
            if kw.arg is not None and kw.arg in kwargs:
                context[kw.arg] = kwargs[kw.arg]
            elif kw.arg is None and isinstance(kw.value, ast.Name):
                context.update(self._context_fields(self.expr(kw.value, env)))
        for dialect, name in loaded:
            self._render_sinks(dialect, [name], context, e, f"{method} of a loaded template")
        return True

    def _template_names(self, spec: RenderSpec, e: ast.Call, args: list[Value], kwargs: dict) -> list[str]:
        value = None
        if spec.template < len(args) and not any(isinstance(a, ast.Starred) for a in e.args[: spec.template + 1]):
            value = args[spec.template]
        elif spec.template_kw and spec.template_kw in kwargs:
            value = kwargs[spec.template_kw]
        if value is None:
            return []
        if value.items:  # render_template(["a.html", "b.html"]): the first that exists; each may be it
            value = value.items[0]
        consts = value.consts or ()
        return sorted(c for c in consts if isinstance(c, str) and c and len(c) < 300)

    @staticmethod
    def _context_fields(value: Value) -> dict[str, Value]:
        if not value.fields:
            return {}
        return {k: v for k, v in value.fields.items() if isinstance(k, str) and k.isidentifier()}

    def _render_sinks(self, dialect: str, names: list[str], context: dict[str, Value], e: ast.Call, api: str) -> None:
        for var, value in context.items():
            taint = value.all_taint()
            if taint:
                for name in names:
                    self.sink("xss", taint, e, api, f"template:{dialect}:{name}:{var}")
                sensitive.rendered(self, taint, e, api)

    # --- sinks -----------------------------------------------------------------------------------------------
    def check_sink(self, spec: SinkSpec, api: str, e: ast.Call, args: list[Value], kwargs: dict,
                   receiver: Value | None, env: Env) -> None:
        values: list[Value] = []
        for i in spec.args:
            if i < len(args) and not any(isinstance(a, ast.Starred) for a in e.args[: i + 1]):
                values.append(args[i])
        for name in spec.kwargs:
            if name in kwargs:
                values.append(kwargs[name])
            elif name == "*":  # every keyword argument (jsonify(token=t))
                values.extend(kwargs.values())
        if spec.receiver and receiver is not None:
            values.append(receiver)
        if not values:
            return
        condition = SINK_CONDITIONS.get(spec.when) if spec.when else None
        if condition is not None:
            values = condition(self, e, args, kwargs, receiver, values)
            if not values:
                return
        taint = join_taint(*(v.all_taint() for v in values))
        if taint:
            shell = kwargs.get("shell")
            hint = "probe" if spec.probe else ""
            if spec.when == "shell_or_program":  # "program": the value chooses a program run without a shell
                hint = "shell" if shell is not None and shell.known and shell.value else \
                    "" if shell is not None and not shell.known else "program"
            self.sink(spec.kind, taint, e, api, hint)

    def sink(self, kind: str, taint: Taint, node: ast.AST, api: str, hint: str = "") -> None:
        if taint and kind != "xss":  # stored data matters only to templates (summaries.flows): keep facts small
            taint = {label: trace for label, trace in taint.items() if not is_stored(label[0])}
        if taint and not (kind in sensitive.SENSITIVE_SINKS and sensitive.debug_only_node(self, node)):
            self.facts.sinks.append(SinkFact(kind, taint, self.loc(node), self.code(node), api, hint))


# --- named sink conditions (code where data cannot say it) ---------------------------------------------------


def _forced(call: ast.Call) -> bool:
    """``request.get_json(force=True)`` (or a force that is not plainly false) parses any body, whatever its type."""
    for kw in call.keywords:
        if kw.arg == "force" and not (isinstance(kw.value, ast.Constant) and not kw.value.value):
            return True
    return bool(call.args) and not (isinstance(call.args[0], ast.Constant) and not call.args[0].value)


PATH_READS = frozenset({"read_text", "read_bytes", "open"})


def _client_chosen_path(path: Value) -> bool:
    """A path some untrusted input reaches with nothing on the way that made it safe as a path."""
    return any(origin.kind == "source" and "path" not in done and not is_stored(origin)
               for origin, done in path.all_taint())
