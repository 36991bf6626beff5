"""Taint models as data: which APIs are sources, sinks, sanitizers and path normalisers, per library.

The TOML files beside this module are the knowledge; this module only loads them into lookup tables. Users add
models for their own code with ``models = ["path/to/file.toml"]`` under ``[tool.pillarscan]``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10
    import tomli as tomllib

BUILTIN_MODEL_FILES = ("stdlib.toml", "flask.toml", "django.toml", "fastapi.toml", "libraries.toml")


@dataclass(frozen=True)
class SinkSpec:
    """Arguments of a call that must not receive untrusted data of ``kind``."""

    kind: str
    args: tuple[int, ...] = (0,)
    kwargs: tuple[str, ...] = ()
    when: str | None = None  # a named condition in flow.SINK_CONDITIONS
    receiver: bool = False  # the receiver itself is the dangerous value (pathlib.Path(x).open())
    clean_result: bool = False  # the call returns a response object, not the data


@dataclass
class Models:
    """Lookup tables built from every model file."""

    call_sources: dict[str, str] = field(default_factory=dict)  # qualified callable → description
    attr_sources: dict[str, str] = field(default_factory=dict)  # qualified attribute → description
    typed_sources: dict[str, dict[str, str]] = field(default_factory=dict)  # type → attr → description
    method_sources: dict[str, str] = field(default_factory=dict)  # "Type.method" → description
    objects: dict[str, str] = field(default_factory=dict)  # qualified object name → type
    aliases: dict[str, str] = field(default_factory=dict)  # qualified class name → canonical type
    call_sinks: dict[str, list[SinkSpec]] = field(default_factory=dict)
    method_sinks: dict[str, list[SinkSpec]] = field(default_factory=dict)  # "name" or "Type.name"
    store_sinks: dict[str, str] = field(default_factory=dict)  # type whose item store is a sink → kind
    sanitizers: dict[str, frozenset[str]] = field(default_factory=dict)  # qualified callable → kinds ("*")
    normalizers: set[str] = field(default_factory=set)  # callables / "Type.method" that normalise a path

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
            for name in _names(entry.get("call")):
                self.call_sources[name] = desc
            for name in _names(entry.get("attr")):
                self.attr_sources[name] = desc
            for name in _names(entry.get("method")):
                self.method_sources[name] = desc
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

    def canonical_type(self, qualname: str) -> str:
        return self.aliases.get(qualname, qualname)


def _names(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


@lru_cache(maxsize=8)
def load_models(extra: tuple[str, ...] = ()) -> Models:
    models = Models()
    here = Path(__file__).parent
    for name in BUILTIN_MODEL_FILES:
        models.add_file(here / name)
    for path in extra:
        models.add_file(Path(path))
    return models
