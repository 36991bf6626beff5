"""The small, picklable facts that the per-file phase hands to the cross-module phase (no syntax trees)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Location
from .values import Taint


@dataclass
class CallSite:
    """A call whose meaning is settled later: the callee may live in another module."""

    id: int
    callees: tuple[str, ...]  # candidate qualified names, best first
    args: list[Taint]
    kwargs: dict[str, Taint]
    receiver: Taint | None  # for method calls: the object (becomes ``self``)
    location: Location
    code: str
    is_method: bool = False


@dataclass
class SinkFact:
    """Data reaching a dangerous argument; becomes a finding if any of it is untrusted and not sanitised."""

    kind: str
    taint: Taint
    location: Location
    code: str
    api: str  # what the sink is, for the trace ("subprocess.run", "return from a Flask view")
    hint: str = ""  # "shell": a shell interprets the value, so even data of unknown origin is worth a look


@dataclass
class FunctionFacts:
    """What one function does with data, in terms of its own parameters."""

    id: str
    params: list[str]
    vararg: str | None
    kwarg: str | None
    returns: Taint = field(default_factory=dict)
    sinks: list[SinkFact] = field(default_factory=list)
    calls: dict[int, CallSite] = field(default_factory=dict)
    field_stores: list[tuple[str, str, Taint]] = field(default_factory=list)  # (class, attribute, taint)
    location: Location | None = None


@dataclass
class ModuleFacts:
    path: str
    module: str
    functions: dict[str, FunctionFacts] = field(default_factory=dict)
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # class qualname -> base qualnames
    exports: dict[str, str] = field(default_factory=dict)  # names imported into the module -> qualified name
    diagnostics: list[str] = field(default_factory=list)

    def __reduce__(self):
        """Pickled in the compact form of ``facts_codec`` (shared strings and locations, no per-object state)."""
        from .facts_codec import decode, encode

        return decode, (encode(self),)
