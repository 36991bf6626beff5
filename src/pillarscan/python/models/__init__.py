"""Taint models as data: which APIs are sources, sinks, sanitizers and path normalisers, per library.

The TOML files beside this module are the knowledge; this module only loads them into lookup tables. Users add
models for their own code with ``models = ["path/to/file.toml"]`` under ``[tool.pillarscan]``, or inline as
``[[tool.pillarscan.sources]]``, ``[[tool.pillarscan.sinks]]`` and ``[[tool.pillarscan.sanitizers]]`` tables of
the same shape. Both are checked by ``check_models`` before a run, so a typo is an error naming the file and key
rather than a model silently ignored (or a crash in a worker).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10
    import tomli as tomllib

BUILTIN_MODEL_FILES = ("stdlib.toml", "flask.toml", "django.toml", "fastapi.toml", "libraries.toml", "web.toml",
                       "graphql.toml", "storage.toml",
                       "nosql.toml", "reflection.toml", "sensitive.toml", "llm.toml")


@dataclass(frozen=True)
class SinkSpec:
    """Arguments of a call that must not receive untrusted data of ``kind``."""

    kind: str
    args: tuple[int, ...] = (0,)
    kwargs: tuple[str, ...] = ()
    when: str | None = None  # a named condition in flow.SINK_CONDITIONS
    receiver: bool = False  # the receiver itself is the dangerous value (pathlib.Path(x).open())
    clean_result: bool = False  # the call returns a response object, not the data
    probe: bool = False  # only tests the value (os.path.exists): reported when no other sink of the flow is


@dataclass(frozen=True)
class RenderSpec:
    """A call that renders a template file chosen by name: where the name and the context are (``templates/``
    links the context's variables to the template's raw outputs). ``loads``: the call returns the template,
    whose ``.render(context)`` renders it."""

    dialect: str  # "jinja" or "django": how the named file is read
    template: int = 0
    template_kw: str = ""
    context: int = -1  # positional index of the context dict, -1: none
    context_kw: str = ""
    context_kwargs: bool = False  # the keyword arguments are the context (flask.render_template)
    loads: bool = False


@dataclass
class Models:
    """Lookup tables built from every model file."""

    call_sources: dict[str, str] = field(default_factory=dict)  # qualified callable → description
    attr_sources: dict[str, str] = field(default_factory=dict)  # qualified attribute → description
    typed_sources: dict[str, dict[str, str]] = field(default_factory=dict)  # type → attr → description
    method_sources: dict[str, str] = field(default_factory=dict)  # "Type.method" → description
    # last attribute → (attribute chain, description): client.chat.completions.create(...) on any receiver
    chain_sources: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    objects: dict[str, str] = field(default_factory=dict)  # qualified object name → type
    aliases: dict[str, str] = field(default_factory=dict)  # qualified class name → canonical type
    call_sinks: dict[str, list[SinkSpec]] = field(default_factory=dict)
    method_sinks: dict[str, list[SinkSpec]] = field(default_factory=dict)  # "name" or "Type.name"
    store_sinks: dict[str, str] = field(default_factory=dict)  # type whose item store is a sink → kind
    sanitizers: dict[str, frozenset[str]] = field(default_factory=dict)  # qualified callable → kinds ("*")
    normalizers: set[str] = field(default_factory=set)  # callables / "Type.method" that normalise a path
    operator_sources: set[str] = field(default_factory=set)  # sources that are the local operator's own input
    # "Type.attr" of a source mapping → keys the server or framework sets, not the client (META["REMOTE_ADDR"])
    server_keys: dict[str, frozenset[str]] = field(default_factory=dict)
    renders: dict[str, RenderSpec] = field(default_factory=dict)  # callable or method name → where name/context are
    entrypoints: list = field(default_factory=list)  # EntrySpec per [[entrypoint]] (see python/entrypoints.py)

    def add_file(self, path: Path) -> None:
        with open(path, "rb") as fh:
            self.add(tomllib.load(fh), str(path))

    def add(self, data: dict, origin: str = "<models>") -> None:
        for entry in data.get("object", []):
            for name in _names(entry.get("name")):
                self.objects[name] = entry["type"]
        for entry in data.get("alias", []):
            for name in _names(entry.get("name")):
                self.aliases[name] = entry["type"]
        for entry in data.get("source", []):
            desc = entry.get("desc", "untrusted data")
            if entry.get("trust") == "operator":
                self.operator_sources.update(_names(entry.get("call")) + _names(entry.get("attr")))
            for name in _names(entry.get("call")):
                self.call_sources[name] = desc
            for name in _names(entry.get("attr")):
                self.attr_sources[name] = desc
            for name in _names(entry.get("method")):
                self.method_sources[name] = desc
            for chain in _names(entry.get("chain")):
                self.chain_sources.setdefault(chain.rpartition(".")[2], []).append((chain, desc))
            if "type" in entry:
                table = self.typed_sources.setdefault(entry["type"], {})
                for attr in entry.get("attrs", []):
                    table[attr] = desc
        for entry in data.get("sink", []):
            if entry.get("store"):
                self.store_sinks[entry["type"]] = entry["kind"]
                continue
            spec = SinkSpec(
                kind=entry["kind"],
                args=tuple(entry.get("args", [0])),
                kwargs=tuple(entry.get("kwargs", [])),
                when=entry.get("when"),
                receiver=bool(entry.get("receiver", False)),
                clean_result=bool(entry.get("clean_result", False)),
                probe=bool(entry.get("probe", False)),
            )
            for name in _names(entry.get("call")):
                self.call_sinks.setdefault(name, []).append(spec)
            for name in _names(entry.get("method")):
                self.method_sinks.setdefault(name, []).append(spec)
        for entry in data.get("sanitizer", []):
            kinds = frozenset(entry.get("kinds", ["*"]))
            for name in _names(entry.get("call")) + _names(entry.get("method")):
                self.sanitizers[name] = self.sanitizers.get(name, frozenset()) | kinds
        for entry in data.get("normalizer", []):
            self.normalizers.update(_names(entry.get("call")) + _names(entry.get("method")))
        for entry in data.get("server_set", []):
            for attr in _names(entry.get("attr")):
                name = f"{entry['type']}.{attr}"
                self.server_keys[name] = self.server_keys.get(name, frozenset()) | frozenset(entry.get("keys", []))
        for entry in data.get("render", []):
            spec = RenderSpec(entry.get("dialect", "jinja"), entry.get("template", 0), entry.get("template_kw", ""),
                              entry.get("context", -1), entry.get("context_kw", ""),
                              bool(entry.get("context_kwargs", False)), bool(entry.get("loads", False)))
            for name in _names(entry.get("call")) + [f".{m}" for m in _names(entry.get("method"))]:
                self.renders[name] = spec
        if data.get("entrypoint"):
            from ..entrypoints import spec_of

            self.entrypoints.extend(spec_of(entry) for entry in data["entrypoint"])

    def canonical_type(self, qualname: str) -> str:
        return self.aliases.get(qualname, qualname)


def _names(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


@dataclass(frozen=True)
class InlineModels:
    """Model tables written in the configuration itself; JSON text so the value is hashable (``load_models`` is
    cached on its arguments) and cheap to send to worker processes."""

    origin: str
    tables: str  # JSON of {"source": [...], "sink": [...], "sanitizer": [...]}

    @classmethod
    def of(cls, origin: str, tables: dict) -> "InlineModels":
        return cls(origin, json.dumps(tables, sort_keys=True))


@lru_cache(maxsize=8)
def load_models(extra: tuple[str | InlineModels, ...] = ()) -> Models:
    models = Models()
    here = Path(__file__).parent
    for name in BUILTIN_MODEL_FILES:
        models.add_file(here / name)
    for item in extra:
        if isinstance(item, InlineModels):
            models.add(json.loads(item.tables), item.origin)
        else:
            models.add_file(Path(item))
    return models


# ------------------------------------------------------------------------------------------------ validation
class ModelError(ValueError):
    """A model table that cannot be used; the message names where (file and key) and what is wrong."""


_NAMES = "names"  # a string or a list of strings
_TABLE_KEYS: dict[str, dict[str, object]] = {
    "source": {"call": _NAMES, "attr": _NAMES, "method": _NAMES, "chain": _NAMES, "type": str, "attrs": [str], "desc": str,
               "trust": str},
    "sink": {"call": _NAMES, "method": _NAMES, "kind": str, "args": [int], "kwargs": [str], "when": str,
             "receiver": bool, "clean_result": bool, "probe": bool, "store": bool, "type": str, "desc": str},
    "sanitizer": {"call": _NAMES, "method": _NAMES, "kinds": [str], "desc": str},
    "normalizer": {"call": _NAMES, "method": _NAMES},
    "render": {"call": _NAMES, "method": _NAMES, "dialect": str, "template": int, "template_kw": str, "context": int,
               "context_kw": str, "context_kwargs": bool, "loads": bool},
    "object": {"name": _NAMES, "type": str},
    "alias": {"name": _NAMES, "type": str},
    "server_set": {"type": str, "attr": _NAMES, "keys": [str], "desc": str},
    "entrypoint": {},  # filled below from python/entrypoints.py (one list of keys, beside the code reading them)
}
_TYPE_WORDS = {str: "a string", int: "an integer", bool: "true or false"}


def _entry_keys() -> dict[str, object]:
    from ..entrypoints import ENTRY_KEYS

    return ENTRY_KEYS


def check_model_file(path: str | Path, sink_kinds: frozenset[str] | None = None,
                     conditions: frozenset[str] | None = None) -> None:
    """Read and check one model file; ``ModelError`` names the file and the key at fault."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ModelError(f"model file {path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"model file {path} is not valid TOML: {exc}") from None
    check_models(data, f"{path}:", sink_kinds=sink_kinds, conditions=conditions)


def check_models(data: dict, where: str, table_names: dict[str, str] | None = None,
                 sink_kinds: frozenset[str] | None = None, conditions: frozenset[str] | None = None) -> None:
    """Check model tables. ``table_names`` maps the names used in ``data`` to model tables (the configuration
    says ``sinks`` for ``sink``); ``sink_kinds`` and ``conditions``, when given, are the sink kinds some taint
    rule reports and the named ``when`` conditions the flow engine knows."""
    names = table_names or {name: name for name in _TABLE_KEYS}
    for key, value in data.items():
        table = names.get(key)
        if table is None:
            raise ModelError(f"{where} unknown table '{key}' (known: {', '.join(names)})")
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            raise ModelError(f"{where} '{key}' must be an array of tables ([[{key}]])")
        for index, entry in enumerate(value):
            _check_entry(table, entry, f"{where} '{key}[{index}]", sink_kinds, conditions)


def _check_entry(table: str, entry: dict, where: str, sink_kinds: frozenset[str] | None,
                 conditions: frozenset[str] | None) -> None:
    allowed = _TABLE_KEYS[table] if table != "entrypoint" else _entry_keys()
    for key, value in entry.items():
        expected = allowed.get(key)
        if expected is None:
            raise ModelError(f"{where}': unknown key '{key}' (known keys: {', '.join(allowed)})")
        problem = _type_problem(value, expected)
        if problem:
            raise ModelError(f"{where}.{key}': {problem} (got {value!r})")
    if table == "entrypoint":
        from ..entrypoints import check_entry

        problem = check_entry(entry, where)
        if problem:
            raise ModelError(problem)
        return
    targets = [k for k in ("call", "attr", "method", "chain", "name") if k in entry]
    if table == "sink":
        if "kind" not in entry:
            raise ModelError(f"{where}': missing key 'kind' (the sink kind, e.g. 'sql' or 'command')")
        if sink_kinds is not None and entry["kind"] not in sink_kinds:
            raise ModelError(f"{where}.kind': unknown sink kind {entry['kind']!r} (known: "
                             f"{', '.join(sorted(sink_kinds))})")
        if conditions is not None and "when" in entry and entry["when"] not in conditions:
            raise ModelError(f"{where}.when': unknown condition {entry['when']!r} (known: "
                             f"{', '.join(sorted(conditions))})")
        if entry.get("store"):
            if "type" not in entry:
                raise ModelError(f"{where}': a store sink needs 'type'")
            return
    if table == "sanitizer" and sink_kinds is not None:
        unknown = [kind for kind in entry.get("kinds", []) if kind != "*" and kind not in sink_kinds]
        if unknown:
            raise ModelError(f"{where}.kinds': unknown sink kind {unknown[0]!r} (known: '*', "
                             f"{', '.join(sorted(sink_kinds))})")
    if table == "server_set":
        if "type" not in entry or "attr" not in entry or "keys" not in entry:
            raise ModelError(f"{where}': needs 'type', 'attr' and 'keys'")
        return
    if table in ("object", "alias"):
        if "type" not in entry or "name" not in entry:
            raise ModelError(f"{where}': needs both 'name' and 'type'")
        return
    if table == "source" and "type" in entry:
        if "attrs" not in entry:
            raise ModelError(f"{where}': a typed source needs 'attrs'")
        return
    if not targets:
        which = "'call', 'attr' or 'method'" if table == "source" else "'call' or 'method'"
        raise ModelError(f"{where}': names no API: give {which}")


def _type_problem(value: object, expected: object) -> str | None:
    if expected is _NAMES:
        ok = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        return None if ok else "must be a string or a list of strings"
    if isinstance(expected, list):
        item = expected[0]
        ok = isinstance(value, list) and all(isinstance(v, item) and not (item is int and isinstance(v, bool))
                                             for v in value)
        return None if ok else f"must be a list of {_TYPE_WORDS[item].split(' ', 1)[1]}s"
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))  # type: ignore[arg-type]
    return None if ok else f"must be {_TYPE_WORDS[expected]}"  # type: ignore[index]
