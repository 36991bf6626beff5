"""The CWE catalogue: official names and the ChildOf chain of every weakness up to its pillar in view 1000.

Why: findings carry the most specific CWE a rule knows, while reports group them under the pillar that CWE
rolls up to in MITRE's research view (CWE-1000). The roll-up must follow MITRE's own relationships, so the
facts live in ``catalogue.json``, generated from MITRE's XML by ``build_table.py`` (where a weakness has several
ChildOf parents in view 1000, the chain follows the one MITRE marks ``Ordinal="Primary"``). Runtime needs no
third-party package: it only reads that JSON file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterator, Union

CweId = Union[int, str]

FALLBACK_PILLAR = 710
"""Pillar reported for a CWE the catalogue does not know (CWE-710, Improper Adherence to Coding Standards).

Only a safety net so a report never crashes on a typo'd or newer CWE; ``tests/test_cwe.py`` checks that every
registered rule uses a known CWE, so the fallback should never be reached in practice."""


@dataclass(frozen=True)
class CweEntry:
    """One weakness: its official MITRE name, abstraction and primary position in view 1000."""

    id: int
    name: str
    abstraction: str  # Pillar, Class, Base, Variant or Compound
    parent: int | None  # primary ChildOf parent in view 1000; None for pillars
    pillar: int
    chain: tuple[int, ...]  # self first, pillar last
    other_parents: tuple[int, ...] = ()  # non-primary ChildOf parents in view 1000, for reference only

    @property
    def label(self) -> str:
        return f"CWE-{self.id} {self.name}"


def _load() -> tuple[dict[str, object], dict[int, CweEntry]]:
    text = resources.files(__name__).joinpath("catalogue.json").read_text(encoding="utf-8")
    data = json.loads(text)
    raw: dict[int, dict[str, object]] = {int(key): value for key, value in data.pop("weaknesses").items()}
    entries: dict[int, CweEntry] = {}
    for weakness_id, fields in raw.items():
        walk = [weakness_id]
        while True:
            parent = raw[walk[-1]]["parent"]
            if parent is None:
                break
            if parent in walk or parent not in raw:
                raise ValueError(f"catalogue.json: broken chain for CWE-{weakness_id}: {walk} -> {parent}")
            walk.append(int(parent))  # type: ignore[arg-type]
        entries[weakness_id] = CweEntry(
            id=weakness_id,
            name=str(fields["name"]),
            abstraction=str(fields["abstraction"]),
            parent=None if fields["parent"] is None else int(fields["parent"]),  # type: ignore[arg-type]
            pillar=walk[-1],
            chain=tuple(walk),
            other_parents=tuple(fields.get("other_parents", ())),  # type: ignore[arg-type]
        )
    return data, entries


_META, _ENTRIES = _load()

CATALOGUE_VERSION: str = str(_META["cwe_version"])
"""The MITRE CWE release the catalogue was generated from, e.g. "4.14"."""

PILLARS: dict[int, str] = {e.id: e.name for e in sorted(_ENTRIES.values(), key=lambda e: e.id) if e.parent is None}
"""The ten pillars of view 1000, id -> official name."""

_ID_PATTERN = re.compile(r"^\s*(?:CWE)?[-_ ]?(\d+)\s*$", re.IGNORECASE)


def parse_id(cwe: CweId) -> int:
    """Accept 89, "89" or "CWE-89" (the CLI passes user text); raise ValueError for anything else."""
    if isinstance(cwe, bool):
        raise ValueError(f"not a CWE id: {cwe!r}")
    if isinstance(cwe, int):
        return cwe
    match = _ID_PATTERN.match(str(cwe))
    if not match:
        raise ValueError(f"not a CWE id: {cwe!r}")
    return int(match.group(1))


def known(cwe: CweId) -> bool:
    """True when the CWE is a live weakness in view 1000 of the bundled catalogue."""
    try:
        return parse_id(cwe) in _ENTRIES
    except ValueError:
        return False


def lookup(cwe: CweId) -> CweEntry:
    """The catalogue entry; raises KeyError for a CWE that is not in view 1000 (see ``known``)."""
    cwe_id = parse_id(cwe)
    try:
        return _ENTRIES[cwe_id]
    except KeyError:
        raise KeyError(f"CWE-{cwe_id} is not a weakness in view 1000 of CWE {CATALOGUE_VERSION}") from None


def name(cwe: CweId) -> str:
    """Official MITRE name, or "CWE-N" for an unknown id so reports can always print something."""
    cwe_id = parse_id(cwe)
    entry = _ENTRIES.get(cwe_id)
    return entry.name if entry else f"CWE-{cwe_id}"


def chain(cwe: CweId) -> list[int]:
    """Primary ChildOf chain in view 1000, most specific first, pillar last; ``[cwe]`` when unknown."""
    cwe_id = parse_id(cwe)
    entry = _ENTRIES.get(cwe_id)
    return list(entry.chain) if entry else [cwe_id]


def pillar_of(cwe: CweId) -> int:
    """The pillar the CWE rolls up under; ``FALLBACK_PILLAR`` (710) when the CWE is unknown."""
    entry = _ENTRIES.get(parse_id(cwe))
    return entry.pillar if entry else FALLBACK_PILLAR


def label(cwe: CweId) -> str:
    """ "CWE-89 Improper Neutralization ..." for headings and messages."""
    cwe_id = parse_id(cwe)
    return f"CWE-{cwe_id} {name(cwe_id)}" if cwe_id in _ENTRIES else f"CWE-{cwe_id}"


def describe(cwe: CweId) -> str:
    """Three-line description for ``pillarscan cwe N``: name, pillar, chain."""
    cwe_id = parse_id(cwe)
    if cwe_id not in _ENTRIES:
        return (
            f"CWE-{cwe_id} (not a weakness in view 1000 of CWE {CATALOGUE_VERSION})\n"
            f"  pillar: CWE-{FALLBACK_PILLAR} {PILLARS[FALLBACK_PILLAR]} (fallback)"
        )
    entry = _ENTRIES[cwe_id]
    return (
        f"{entry.label}\n"
        f"  pillar: {label(entry.pillar)}\n"
        f"  chain: {' → '.join(f'CWE-{step}' for step in entry.chain)}"
    )


def entries() -> Iterator[CweEntry]:
    """Every weakness in the catalogue, by id."""
    for cwe_id in sorted(_ENTRIES):
        yield _ENTRIES[cwe_id]


__all__ = [
    "CATALOGUE_VERSION",
    "FALLBACK_PILLAR",
    "PILLARS",
    "CweEntry",
    "chain",
    "describe",
    "entries",
    "known",
    "label",
    "lookup",
    "name",
    "parse_id",
    "pillar_of",
]
