"""The small, picklable facts that the per-file phase hands to the cross-module phase (no syntax trees)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Location
from .values import Taint


STARRED = "*"  # a call site's kwargs key present when the call passed a *sequence (its taint is in args)


class CallSite:
    """A call whose meaning is settled later: the callee may live in another module.

    Every call site is needed to find each function's callers, but the cross-module phase reads the arguments,
    location and code of only the few it follows. Facts loaded from their compact form (``facts_codec``) leave
    those undecoded until first read; built or loaded, a call site reads the same."""

    __slots__ = ("id", "callees", "is_method", "_args", "_kwargs", "_receiver", "_location", "_code", "_pending")

    def __init__(self, id: int, callees: tuple[str, ...], args: list[Taint], kwargs: dict[str, Taint],
                 receiver: Taint | None, location: Location, code: str, is_method: bool = False):
        self.id = id
        self.callees = callees  # candidate qualified names, best first
        self.is_method = is_method
        self._args = args
        self._kwargs = kwargs
        self._receiver = receiver  # for method calls: the object (becomes ``self``)
        self._location = location
        self._code = code
        self._pending = None  # (loader, where): the rest, still in its compact form

    @classmethod
    def deferred(cls, id: int, callees: tuple[str, ...], is_method: bool, loader, where) -> "CallSite":
        """A call site whose arguments, location and code ``loader(where)`` gives on first use."""
        site = cls.__new__(cls)
        site.id, site.callees, site.is_method = id, callees, is_method
        site._pending = (loader, where)
        return site

    def _load(self) -> None:
        loader, where = self._pending
        self._args, self._kwargs, self._receiver, self._location, self._code = loader(where)
        self._pending = None

    @property
    def args(self) -> list[Taint]:
        if self._pending is not None:
            self._load()
        return self._args

    @property
    def kwargs(self) -> dict[str, Taint]:
        if self._pending is not None:
            self._load()
        return self._kwargs

    @property
    def receiver(self) -> Taint | None:
        if self._pending is not None:
            self._load()
        return self._receiver

    @property
    def location(self) -> Location:
        if self._pending is not None:
            self._load()
        return self._location

    @property
    def code(self) -> str:
        if self._pending is not None:
            self._load()
        return self._code

    def _fields(self) -> tuple:
        return (self.id, self.callees, self.args, self.kwargs, self.receiver, self.location, self.code, self.is_method)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    def __repr__(self) -> str:
        return (f"CallSite(id={self.id!r}, callees={self.callees!r}, args={self.args!r}, kwargs={self.kwargs!r}, "
                f"receiver={self.receiver!r}, location={self.location!r}, code={self.code!r}, "
                f"is_method={self.is_method!r})")


@dataclass
class SinkFact:
    """Data reaching a dangerous argument; becomes a finding if any of it is untrusted and not sanitised."""

    kind: str
    taint: Taint
    location: Location
    code: str
    api: str  # what the sink is, for the trace ("subprocess.run", "return from a Flask view")
    hint: str = ""  # "shell": a shell interprets the value, so even data of unknown origin is worth a look;
    # "program": the value only chooses a program run without a shell (or its argument list)


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
    # views this module registers (a URLconf's path(), add_url_rule): (function or class, constrained params,
    # framework)
    routes: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)
    # Application code whose public functions may be entry points that nothing in the tree calls (a script, a
    # module of a web application): their parameters are of unknown origin rather than trusted
    entry_scope: bool = False

    def __reduce__(self):
        """Pickled in the compact form of ``facts_codec`` (shared strings and locations, no per-object state)."""
        from .facts_codec import decode, encode

        return decode, (encode(self),)
