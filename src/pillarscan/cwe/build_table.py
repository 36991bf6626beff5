"""Build-time generator for ``catalogue.json`` from MITRE's CWE XML (``cwec_vX.Y.xml``).

Why a generator: the pillar a finding rolls up under must follow MITRE's own ChildOf relationships in the
research view (CWE-1000), not our guesses. MITRE's XML is large (~15 MB), so we keep only the facts we need
(id, official name, abstraction, primary parent in view 1000, other view-1000 parents) in a compact table
that the runtime reads without any third-party dependency.

Usage (maintainers only; never run at scan time)::

    python src/pillarscan/cwe/build_table.py --xml path/to/cwec_v4.14.xml
    python src/pillarscan/cwe/build_table.py --from-cwe2    # the XML shipped inside the `cwe2` PyPI package

The `cwe2` package (https://pypi.org/project/cwe2/) ships MITRE's unmodified catalogue; install it into a
throwaway environment when regenerating. The MITRE XML itself is never committed.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

RESEARCH_VIEW = "1000"
OUTPUT = Path(__file__).with_name("catalogue.json")

# MITRE's terms of use ask that copies reproduce its copyright designation and licence.
MITRE_NOTICE = (
    "Generated from the Common Weakness Enumeration (CWE), Copyright (c) 2006-2024, The MITRE Corporation. "
    "CWE and the CWE logo are trademarks of The MITRE Corporation. CWE Terms of Use: MITRE hereby grants you a "
    "non-exclusive, royalty-free license to use CWE for research, development, and commercial purposes. Any copy "
    "you make for such purposes is authorized on the condition that you reproduce MITRE's copyright designation "
    "and this license in any such copy. ALL DOCUMENTS AND THE INFORMATION CONTAINED IN THE CWE ARE PROVIDED ON AN "
    '"AS IS" BASIS AND THE CONTRIBUTOR, THE ORGANIZATION HE/SHE REPRESENTS OR IS SPONSORED BY (IF ANY), THE MITRE '
    "CORPORATION, ITS BOARD OF TRUSTEES, OFFICERS, AGENTS, AND EMPLOYEES, DISCLAIM ALL WARRANTIES, EXPRESS OR "
    "IMPLIED. Full terms: https://cwe.mitre.org/about/termsofuse.html"
)


@dataclass
class _Weakness:
    id: int
    name: str
    abstraction: str
    parent: int | None
    other_parents: list[int]


def _local(tag: str) -> str:
    """Strip the XML namespace so the parser survives MITRE bumping the schema version."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def parse_catalogue(xml_path: Path) -> tuple[dict[str, str], dict[int, _Weakness]]:
    """Read every live weakness with its ChildOf parents in view 1000; deprecated entries are dropped."""
    root = ET.parse(xml_path).getroot()
    meta = {"version": root.get("Version", "?"), "date": root.get("Date", "?")}
    weaknesses: dict[int, _Weakness] = {}
    for group in _children(root, "Weaknesses"):
        for element in _children(group, "Weakness"):
            if element.get("Status") == "Deprecated":
                continue
            primary: list[int] = []
            others: list[int] = []
            for related in element.iter():
                if _local(related.tag) != "Related_Weakness":
                    continue
                if related.get("Nature") != "ChildOf" or related.get("View_ID") != RESEARCH_VIEW:
                    continue
                target = int(related.get("CWE_ID", "0"))
                (primary if related.get("Ordinal") == "Primary" else others).append(target)
            abstraction = element.get("Abstraction", "")
            if abstraction != "Pillar" and len(primary) != 1:
                raise ValueError(f"CWE-{element.get('ID')}: expected one primary parent in view 1000, got {primary}")
            weakness_id = int(element.get("ID", "0"))
            weaknesses[weakness_id] = _Weakness(
                id=weakness_id,
                name=element.get("Name", ""),
                abstraction=abstraction,
                parent=primary[0] if primary else None,
                other_parents=sorted(set(others) - set(primary)),
            )
    _check_chains(weaknesses)
    return meta, weaknesses


def _check_chains(weaknesses: dict[int, _Weakness]) -> None:
    """Every primary chain must end at a pillar without revisiting a node; refuse to write a broken table."""
    for start in weaknesses:
        seen: list[int] = [start]
        current = weaknesses[start]
        while current.parent is not None:
            if current.parent in seen or current.parent not in weaknesses:
                raise ValueError(f"CWE-{start}: broken primary chain {seen} -> {current.parent}")
            seen.append(current.parent)
            current = weaknesses[current.parent]
        if current.abstraction != "Pillar":
            raise ValueError(f"CWE-{start}: chain {seen} ends at a non-pillar")


def render(meta: dict[str, str], weaknesses: dict[int, _Weakness], source: str) -> str:
    """One entry per line so regenerations produce readable diffs."""
    header = {
        "source": source,
        "cwe_version": meta["version"],
        "cwe_date": meta["date"],
        "view": int(RESEARCH_VIEW),
        "notice": MITRE_NOTICE,
    }
    lines = ["{"]
    for key, value in header.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('  "weaknesses": {')
    rows = []
    for weakness_id in sorted(weaknesses):
        w = weaknesses[weakness_id]
        entry: dict[str, object] = {"name": w.name, "abstraction": w.abstraction, "parent": w.parent}
        if w.other_parents:
            entry["other_parents"] = w.other_parents
        rows.append(f"    {json.dumps(str(weakness_id))}: {json.dumps(entry, ensure_ascii=False)}")
    lines.append(",\n".join(rows))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _xml_from_cwe2() -> tuple[Path, str]:
    try:
        import cwe2  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - maintainer tooling
        raise SystemExit("cwe2 is not installed; pip install cwe2 into a scratch environment") from exc
    from importlib.metadata import version

    candidates = sorted(Path(cwe2.__file__).parent.glob("database_*/cwec_v*.xml"))
    if not candidates:  # pragma: no cover - maintainer tooling
        raise SystemExit("no cwec_v*.xml found inside the cwe2 package")
    return candidates[-1], f"MITRE {candidates[-1].name} as shipped in the cwe2 {version('cwe2')} PyPI package"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--xml", type=Path, help="path to MITRE's cwec_vX.Y.xml")
    group.add_argument("--from-cwe2", action="store_true", help="use the XML inside the installed cwe2 package")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    if args.from_cwe2:
        xml_path, source = _xml_from_cwe2()
    else:
        xml_path, source = args.xml, f"MITRE {args.xml.name}"
    meta, weaknesses = parse_catalogue(xml_path)
    args.output.write_text(render(meta, weaknesses, source), encoding="utf-8")
    print(f"wrote {len(weaknesses)} weaknesses (CWE {meta['version']}) to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
