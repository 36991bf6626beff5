"""The CWE catalogue (names, ChildOf chains under view 1000) and the ten pillars.

(Stub: to be replaced by the real catalogue.)
"""

from __future__ import annotations

PILLARS: dict[int, str] = {
    284: "Improper Access Control",
    435: "Improper Interaction Between Multiple Entities",
    664: "Improper Control of a Resource Through its Lifetime",
    682: "Incorrect Calculation",
    691: "Insufficient Control Flow Management",
    693: "Protection Mechanism Failure",
    697: "Incorrect Comparison",
    703: "Improper Check or Handling of Exceptional Conditions",
    707: "Improper Neutralization",
    710: "Improper Adherence to Coding Standards",
}

_PARENT: dict[int, int] = {89: 943, 943: 74, 74: 707, 78: 77, 77: 74, 22: 706, 706: 668, 668: 664}


def chain(cwe: int) -> list[int]:
    out = [cwe]
    while out[-1] in _PARENT:
        out.append(_PARENT[out[-1]])
    return out


def pillar_of(cwe: int) -> int:
    top = chain(cwe)[-1]
    return top if top in PILLARS else 710
