"""Methods of the built-in values the analysis follows slot by slot: lists, dicts, sets, deques and queues
(what ``append``, ``pop``, ``get``, ``update`` do to the slots), and strings (``format``, ``join``, ``split``,
``replace``, case changes of constants). A method of a class of the tree that shares such a name is settled in
calls.py before these are asked.
"""

from __future__ import annotations

import ast
import re
import string

from ..values import CLEAN, Value, cleanse, join, join_all, join_taint
from .env import Env
from .expressions import starts_with_fixed_program
from .knowledge import INT_RESULT_METHODS, LIFO_QUEUE_TYPES, QUEUE_TYPES, QUOTE_KINDS
from .syntax import passes_starred


class ContainersMixin:
    """Container and string methods for FunctionAnalyzer."""

    def container_method(self, receiver: Value, method: str, args: list[Value], kwargs: dict,
                         key: str | None, env: Env, e: ast.Call) -> Value | None:
        """Lists and dicts, slot by slot while every operation is understood."""
        if receiver.types & QUEUE_TYPES and receiver.items is not None:
            if method in {"put", "put_nowait"} and args:
                method, args = "append", args[:1]
            elif method in {"get", "get_nowait"} and receiver.items:
                newest = bool(receiver.types & LIFO_QUEUE_TYPES)
                taken = receiver.items[-1] if newest else receiver.items[0]
                if key and key in env:
                    rest = receiver.items[:-1] if newest else receiver.items[1:]
                    env[key] = Value(receiver.taint, None, None, rest, receiver.types, receiver.flags)
                return taken
        if method == "append" and len(args) == 1:
            if key and key in env:
                base = env[key]
                items = base.items + (args[0],) if base.items is not None else None
                env[key] = Value(base.taint if items is not None else join_taint(base.all_taint(), args[0].all_taint()),
                                 None, base.fields, items, base.types, base.flags)
            return CLEAN
        if method == "appendleft" and len(args) == 1 and key and key in env and env[key].items is not None:
            base = env[key]
            env[key] = Value(base.taint, None, base.fields, (args[0],) + base.items, base.types, base.flags)
            return CLEAN
        if method == "remove" and len(args) == 1 and receiver.items is not None and key and key in env:
            index = next((i for i, item in enumerate(receiver.items) if item is args[0] or
                          (item.known and args[0].known and item.value == args[0].value)), None)
            if index is not None:  # items.remove(value): the first slot holding that very value goes
                env[key] = Value(receiver.taint, None, None, receiver.items[:index] + receiver.items[index + 1:],
                                 receiver.types, receiver.flags)
            return CLEAN
        if method == "popleft" and not args and receiver.items:
            if key and key in env:
                env[key] = Value(receiver.taint, None, None, receiver.items[1:], receiver.types, receiver.flags)
            return receiver.items[0]
        if method in {"extend", "update", "add", "insert", "appendleft", "setdefault"}:
            if key and key in env:
                base = env[key]
                added = join_taint(*(a.all_taint() for a in args), *(v.all_taint() for v in kwargs.values()))
                if method == "extend" and base.items is not None and args and args[0].items is not None:
                    env[key] = Value(base.taint, None, None, base.items + args[0].items, base.types, base.flags)
                elif method == "insert" and base.items is not None and len(args) == 2 and args[0].known and \
                        isinstance(args[0].value, int):
                    items = list(base.items)
                    items.insert(args[0].value, args[1])
                    env[key] = Value(base.taint, None, None, tuple(items), base.types, base.flags)
                elif method == "update" and base.fields is not None and args and args[0].fields is not None:
                    fields = dict(base.fields)
                    fields.update(args[0].fields)
                    env[key] = Value(base.taint, None, fields, None, base.types, base.flags,
                                     exact_fields=base.exact_fields and args[0].exact_fields)
                elif method == "setdefault" and base.fields is not None and args and args[0].known:
                    fields = dict(base.fields)
                    fields.setdefault(args[0].value, args[1] if len(args) > 1 else CLEAN)
                    env[key] = Value(base.taint, None, fields, None, base.types, base.flags, exact_fields=base.exact_fields)
                    return fields[args[0].value]
                elif added:
                    keeps_program = method == "extend" and base.items is not None and \
                        starts_with_fixed_program(base.items)
                    env[key] = Value(join_taint(base.all_taint(), added), None, None, None, base.types,
                                     base.flags | ({"fixed-program"} if keeps_program else set()))
            return CLEAN if method != "setdefault" else Value(receiver.all_taint())
        if method == "reverse" and not args and receiver.items is not None:
            if key and key in env:  # values.reverse(): the same slots, last first
                env[key] = Value(receiver.taint, None, None, tuple(reversed(receiver.items)), receiver.types,
                                 receiver.flags)
            return CLEAN
        if method == "pop" and receiver.items is not None:
            index = args[0] if args else Value.const(-1)
            if index.known and isinstance(index.value, int) and -len(receiver.items) <= index.value < len(receiver.items):
                items = list(receiver.items)
                popped = items.pop(index.value)
                if key and key in env:
                    env[key] = Value(receiver.taint, None, None, tuple(items), receiver.types, receiver.flags)
                return popped
            return Value(receiver.all_taint())
        if method in {"get", "pop"} and receiver.fields is not None and args and args[0].known:
            k = args[0].value
            if k in receiver.fields:
                value = receiver.fields[k]
                if method == "pop" and key and key in env:
                    fields = dict(receiver.fields)
                    fields.pop(k)
                    env[key] = Value(receiver.taint, None, fields, None, receiver.types, receiver.flags,
                                     exact_fields=receiver.exact_fields)
                return value
            if receiver.exact_fields:
                default = args[1] if len(args) > 1 else kwargs.get("default", CLEAN)
                return join(Value(receiver.taint), default) if receiver.taint else default
        if method == "get" and receiver.fields is not None and receiver.exact_fields and not receiver.taint and args:
            # a lookup table written in the code: whatever the key, the result is one of its values or the default
            default = args[1] if len(args) > 1 else kwargs.get("default", CLEAN)
            return join_all([*receiver.fields.values(), default])
        if method in {"clear"} and key and key in env:
            env[key] = Value(types=receiver.types)
            return CLEAN
        if method in {"keys"} and receiver.fields is not None and receiver.exact_fields:
            return Value(receiver.taint)
        if method in {"values", "items", "copy"} and receiver.fields is not None:
            return Value(receiver.all_taint()) if method != "copy" else receiver
        if method == "copy" and receiver.items is not None:
            return receiver
        if method == "setFeature" and len(args) >= 2 and key and key in env:
            feature = self.ctx.qualname(e.args[0]) if e.args else None
            literal = args[0].value if args[0].known else None
            dangerous = (feature or "").endswith(("feature_external_ges", "feature_external_pes")) or (
                isinstance(literal, str) and "external" in literal and "entities" in literal)
            if dangerous and args[1].known and args[1].value:
                env[key] = env[key].with_flags({"xxe"})
            return CLEAN
        if method in {"join"} and args:
            if args[0].items == () and not args[0].taint:
                return Value.const("")  # sep.join([]): nothing to join, whatever the separator
            if receiver.known and isinstance(receiver.value, str) and args[0].items is not None and \
                    all(i.known and isinstance(i.value, str) for i in args[0].items):
                return Value.const(receiver.value.join(i.value for i in args[0].items))
            return Value(join_taint(receiver.taint, args[0].all_taint()))
        if method == "format" and receiver.known and isinstance(receiver.value, str) and \
                not passes_starred(e) and all(k.arg for k in e.keywords):
            used = format_fields(receiver.value)
            if used is not None:  # "{0}".format(fixed, other): only the fields the text names reach the result
                positions, names = used
                return Value(join_taint(*(a.all_taint() for i, a in enumerate(args) if i in positions),
                                        *(v.all_taint() for k, v in kwargs.items() if k in names)))
        if method in {"format", "format_map"}:
            return Value(join_taint(receiver.taint, *(a.all_taint() for a in args),
                                    *(v.all_taint() for v in kwargs.values())))
        return None

    def string_method(self, receiver: Value, method: str, args: list[Value], kwargs: dict, e: ast.Call) -> Value | None:
        if method in INT_RESULT_METHODS:
            if receiver.known and method in {"startswith", "endswith", "find", "count", "index", "rfind"} and \
                    all(a.known for a in args):
                try:
                    return Value.const(getattr(receiver.value, method)(*(a.value for a in args)))
                except Exception:
                    return CLEAN
            return CLEAN
        if receiver.known and isinstance(receiver.value, str) and all(a.known for a in args) and \
                method in {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "title", "capitalize", "casefold"}:
            try:
                return Value.const(getattr(receiver.value, method)(*(a.value for a in args)))
            except Exception:
                return None
        if method == "replace" and args and args[0].known and isinstance(args[0].value, str) and args[0].value and \
                receiver.consts and all(isinstance(c, str) and args[0].value not in c for c in receiver.consts):
            return Value(receiver.taint, receiver.consts)  # "fixed".replace("x", q): no "x" there, q is never used
        if method == "replace" and len(args) >= 2 and args[0].known and not args[1].taint:
            removed = args[0].value
            replacement = args[1].value if args[1].known else None
            if removed in ("\n", "\r", "\r\n"):
                return Value(cleanse(receiver.taint, {"log", "header"}))
            if removed in ("'", '"') and isinstance(replacement, str) and removed not in replacement:
                return Value(cleanse(receiver.taint, QUOTE_KINDS))
        if method in {"split", "rsplit"} and receiver.consts is not None and all(a.known for a in args):
            try:
                results = {tuple(getattr(c, method)(*(a.value for a in args))) for c in receiver.consts}
            except Exception:
                results = set()
            if len(results) == 1:
                parts = next(iter(results))
                return Value(consts=frozenset([parts]), items=tuple(Value.const(p) for p in parts))
            if results and len({len(r) for r in results}) == 1:
                return Value(items=tuple(Value(consts=frozenset(r[i] for r in results)) for i in range(len(next(iter(results))))))
        if method in {"split", "rsplit", "splitlines", "partition", "rpartition"}:
            return Value(receiver.all_taint())
        return None


def format_fields(text: str) -> tuple[frozenset, frozenset] | None:
    """The positional indices and keyword names that a str.format template reads, or None when it cannot be
    told (a malformed template, nested fields in a format spec)."""
    positions: set[int] = set()
    names: set[str] = set()
    auto = 0
    try:
        for _, field, spec, _ in string.Formatter().parse(text):
            if field is None:
                continue
            if spec and "{" in spec:
                return None
            root = re.split(r"[.\[]", field, maxsplit=1)[0]
            if root == "":
                positions.add(auto)
                auto += 1
            elif root.isdigit():
                positions.add(int(root))
            else:
                names.add(root)
    except ValueError:
        return None
    return frozenset(positions), frozenset(names)
