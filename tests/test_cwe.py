"""The CWE catalogue: chains and pillars must match MITRE's view-1000 facts, not our guesses.

Expected chains below were read from MITRE's cwec_v4.14.xml (Related_Weakness Nature="ChildOf" View_ID="1000"
Ordinal="Primary"). If a catalogue regeneration changes one of them, that is a real MITRE change worth a look
before updating the expectation.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from pillarscan import cwe
from pillarscan.cwe import build_table

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "src" / "pillarscan" / "rules"
CASES_DIR = ROOT / "tests" / "cases"

OFFICIAL_PILLARS = {
    284: "Improper Access Control",
    435: "Improper Interaction Between Multiple Correctly-Behaving Entities",
    664: "Improper Control of a Resource Through its Lifetime",
    682: "Incorrect Calculation",
    691: "Insufficient Control Flow Management",
    693: "Protection Mechanism Failure",
    697: "Incorrect Comparison",
    703: "Improper Check or Handling of Exceptional Conditions",
    707: "Improper Neutralization",
    710: "Improper Adherence to Coding Standards",
}

# Full primary chains (self first, pillar last) for weaknesses the rules emit or that are easy to get wrong.
KNOWN_CHAINS = {
    89: [89, 943, 74, 707],
    78: [78, 77, 74, 707],
    79: [79, 74, 707],
    22: [22, 706, 664],  # 22 is also ChildOf 668, but 706 is the primary parent
    23: [23, 22, 706, 664],
    94: [94, 74, 707],
    95: [95, 94, 74, 707],
    1336: [1336, 94, 74, 707],
    113: [113, 93, 74, 707],
    117: [117, 116, 707],
    643: [643, 943, 74, 707],
    798: [798, 1391, 1390, 287, 284],
    259: [259, 798, 1391, 1390, 287, 284],
    321: [321, 798, 1391, 1390, 287, 284],
    295: [295, 287, 284],
    297: [297, 923, 284],
    276: [276, 732, 285, 284],
    1004: [1004, 732, 285, 284],
    502: [502, 913, 664],
    918: [918, 441, 610, 664],
    601: [601, 610, 664],
    611: [611, 610, 664],
    208: [208, 203, 200, 668, 664],
    209: [209, 200, 668, 664],
    532: [532, 538, 200, 668, 664],
    377: [377, 668, 664],
    1327: [1327, 668, 664],
    1333: [1333, 407, 405, 400, 664],
    1188: [1188, 1419, 665, 664],
    1088: [1088, 821, 662, 664],
    348: [348, 345, 693],
    352: [352, 345, 693],
    759: [759, 916, 328, 327, 693],
    329: [329, 1204, 330, 693],
    338: [338, 330, 693],
    614: [614, 319, 311, 693],
    248: [248, 705, 691],
    617: [617, 670, 691],
    776: [776, 674, 834, 691],
    252: [252, 754, 703],
    390: [390, 755, 703],
    476: [476, 710],
    489: [489, 710],
    605: [605, 675, 573, 710],
    676: [676, 1177, 710],
    597: [597, 595, 1025, 697],
    625: [625, 185, 697],
    444: [444, 436, 435],
    190: [190, 682],
    707: [707],
}

# The pillar of every CWE the rule writers asked for, grouped by pillar (from the same MITRE facts).
PILLAR_OF_REQUESTED = {
    284: [250, 259, 269, 276, 284, 285, 287, 295, 297, 306, 321, 521, 522, 732, 798, 942, 1004, 1275],
    435: [435, 436, 444, 650],
    664: [22, 23, 36, 73, 98, 200, 203, 208, 209, 215, 377, 378, 379, 400, 404, 405, 407, 409, 434, 459, 460,
          470, 501, 502, 532, 538, 565, 598, 601, 611, 662, 664, 667, 668, 669, 681, 704, 770, 772, 775, 829, 915,
          918, 1088, 1188, 1327, 1333, 1389],
    682: [190, 369, 682, 1339],
    691: [248, 362, 367, 396, 397, 584, 617, 691, 776, 835],
    693: [184, 311, 312, 319, 326, 327, 328, 329, 330, 331, 335, 338, 345, 346, 347, 348, 352, 494, 614, 693, 759,
          760, 807, 916, 1204],
    697: [185, 478, 486, 595, 597, 625, 697, 1023, 1024, 1025, 1077],
    703: [252, 390, 391, 703, 754, 755],
    707: [20, 77, 78, 79, 80, 88, 89, 90, 93, 94, 95, 113, 116, 117, 643, 707, 943, 1236, 1336],
    710: [476, 477, 489, 605, 676, 710, 1104],
}

OFFICIAL_NAMES = {
    20: "Improper Input Validation",
    78: "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    79: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
    89: "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
    208: "Observable Timing Discrepancy",
    327: "Use of a Broken or Risky Cryptographic Algorithm",
    502: "Deserialization of Untrusted Data",
    798: "Use of Hard-coded Credentials",
    918: "Server-Side Request Forgery (SSRF)",
    1004: "Sensitive Cookie Without 'HttpOnly' Flag",
    1333: "Inefficient Regular Expression Complexity",
}


@pytest.mark.parametrize("cwe_id", sorted(KNOWN_CHAINS))
def test_chain_follows_mitre_primary_parents(cwe_id: int) -> None:
    assert cwe.chain(cwe_id) == KNOWN_CHAINS[cwe_id]
    assert cwe.lookup(cwe_id).chain == tuple(KNOWN_CHAINS[cwe_id])


def test_pillar_of_every_requested_cwe() -> None:
    wrong = {
        cwe_id: cwe.pillar_of(cwe_id)
        for pillar, ids in PILLAR_OF_REQUESTED.items()
        for cwe_id in ids
        if not cwe.known(cwe_id) or cwe.pillar_of(cwe_id) != pillar
    }
    assert wrong == {}


def test_pillars_are_the_ten_official_ones() -> None:
    assert cwe.PILLARS == OFFICIAL_PILLARS
    for pillar in OFFICIAL_PILLARS:
        entry = cwe.lookup(pillar)
        assert entry.abstraction == "Pillar"
        assert entry.parent is None
        assert cwe.chain(pillar) == [pillar]


def test_catalogue_covers_the_research_view() -> None:
    entries = list(cwe.entries())
    assert len(entries) >= 900
    assert cwe.CATALOGUE_VERSION == "4.14"
    assert {e.abstraction for e in entries} == {"Pillar", "Class", "Base", "Variant", "Compound"}


def test_every_chain_is_acyclic_links_parents_and_ends_at_a_pillar() -> None:
    for entry in cwe.entries():
        steps = entry.chain
        assert steps[0] == entry.id
        assert len(set(steps)) == len(steps), entry
        assert steps[-1] in cwe.PILLARS, entry
        assert entry.pillar == steps[-1]
        for child, parent in zip(steps, steps[1:]):
            assert cwe.lookup(child).parent == parent
        assert entry.parent not in entry.other_parents


@pytest.mark.parametrize("cwe_id", sorted(OFFICIAL_NAMES))
def test_official_names(cwe_id: int) -> None:
    assert cwe.name(cwe_id) == OFFICIAL_NAMES[cwe_id]
    assert cwe.lookup(cwe_id).label == f"CWE-{cwe_id} {OFFICIAL_NAMES[cwe_id]}"


def test_unknown_cwe_falls_back_without_crashing() -> None:
    assert not cwe.known(99999)
    assert cwe.name(99999) == "CWE-99999"
    assert cwe.chain(99999) == [99999]
    assert cwe.pillar_of(99999) == cwe.FALLBACK_PILLAR == 710
    with pytest.raises(KeyError, match="CWE-99999"):
        cwe.lookup(99999)


def test_deprecated_and_non_weakness_ids_are_not_known() -> None:
    assert not cwe.known(71)  # DEPRECATED: Apple '.DS_Store'
    assert not cwe.known(1000)  # the view itself
    assert not cwe.known(1035)  # a category (OWASP Top Ten 2017), not a weakness


@pytest.mark.parametrize("text", [89, "89", "CWE-89", "cwe-89", " CWE 89 "])
def test_parse_id_accepts_cli_spellings(text: object) -> None:
    assert cwe.parse_id(text) == 89  # type: ignore[arg-type]
    assert cwe.known(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "CWE-", "SQLi", "89a", True])
def test_parse_id_rejects_junk(text: object) -> None:
    with pytest.raises(ValueError):
        cwe.parse_id(text)  # type: ignore[arg-type]
    assert not cwe.known(text)  # type: ignore[arg-type]


def test_describe_prints_name_pillar_and_chain() -> None:
    assert cwe.describe(89) == (
        "CWE-89 Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')\n"
        "  pillar: CWE-707 Improper Neutralization\n"
        "  chain: CWE-89 → CWE-943 → CWE-74 → CWE-707"
    )
    assert "fallback" in cwe.describe("CWE-99999")


# --- every CWE the project emits or expects must be in the catalogue -------------------------------------------


def test_every_registered_rule_uses_a_known_cwe() -> None:
    from pillarscan.rules.registry import all_rules

    unknown = {rule.id: rule.cwe for rule in all_rules() if not cwe.known(rule.cwe)}
    assert unknown == {}


def _cwe_literals_in_rule_sources() -> list[tuple[str, int, int]]:
    """``cwe=<int>`` keywords anywhere in the rule modules, which also catches per-hit overrides (Hit(cwe=...))."""
    found = []
    for path in sorted(RULES_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "cwe" and isinstance(node.value, ast.Constant):
                if isinstance(node.value.value, int):
                    found.append((path.name, node.value.lineno, node.value.value))
    return found


def test_every_cwe_literal_in_rule_sources_is_known() -> None:
    unknown = [item for item in _cwe_literals_in_rule_sources() if not cwe.known(item[2])]
    assert unknown == []


def test_every_expected_cwe_in_the_case_corpus_is_known() -> None:
    expect = re.compile(r"#.*\bexpect:\s*((?:CWE-\d+\s*,?\s*)+)")
    unknown = []
    for path in sorted(CASES_DIR.rglob("*.py")) if CASES_DIR.exists() else []:
        for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            match = expect.search(line)
            if match:
                for number in re.findall(r"CWE-(\d+)", match.group(1)):
                    if not cwe.known(int(number)):
                        unknown.append(f"{path.relative_to(ROOT)}:{lineno} CWE-{number}")
    assert unknown == []


# --- the build-time generator --------------------------------------------------------------------------------

_SAMPLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Weakness_Catalog Name="CWE" Version="9.9" Date="2030-01-01" xmlns="http://cwe.mitre.org/cwe-7">
  <Weaknesses>
    <Weakness ID="707" Name="Improper Neutralization" Abstraction="Pillar" Status="Incomplete"/>
    <Weakness ID="664" Name="Resource Pillar" Abstraction="Pillar" Status="Incomplete"/>
    <Weakness ID="74" Name="Injection" Abstraction="Class" Status="Incomplete">
      <Related_Weaknesses>
        <Related_Weakness Nature="ChildOf" CWE_ID="707" View_ID="1000" Ordinal="Primary"/>
      </Related_Weaknesses>
    </Weakness>
    <Weakness ID="89" Name="SQL Injection" Abstraction="Base" Status="Stable">
      <Related_Weaknesses>
        <Related_Weakness Nature="ChildOf" CWE_ID="664" View_ID="1000"/>
        <Related_Weakness Nature="ChildOf" CWE_ID="707" View_ID="1003" Ordinal="Primary"/>
        <Related_Weakness Nature="ChildOf" CWE_ID="74" View_ID="1000" Ordinal="Primary"/>
        <Related_Weakness Nature="CanPrecede" CWE_ID="664" View_ID="1000"/>
      </Related_Weaknesses>
    </Weakness>
    <Weakness ID="71" Name="DEPRECATED: Old" Abstraction="Variant" Status="Deprecated"/>
  </Weaknesses>
</Weakness_Catalog>
"""


def test_generator_follows_primary_parent_in_view_1000_only(tmp_path: Path) -> None:
    xml = tmp_path / "cwec_v9.9.xml"
    xml.write_text(_SAMPLE_XML, encoding="utf-8")
    meta, weaknesses = build_table.parse_catalogue(xml)
    assert meta == {"version": "9.9", "date": "2030-01-01"}
    assert sorted(weaknesses) == [74, 89, 664, 707]  # the deprecated entry is dropped
    assert weaknesses[89].parent == 74
    assert weaknesses[89].other_parents == [664]
    assert weaknesses[707].parent is None

    rendered = json.loads(build_table.render(meta, weaknesses, "test"))
    assert rendered["weaknesses"]["89"] == {
        "name": "SQL Injection", "abstraction": "Base", "parent": 74, "other_parents": [664]
    }
    assert "MITRE" in rendered["notice"]


def test_generator_refuses_a_chain_that_does_not_reach_a_pillar(tmp_path: Path) -> None:
    xml = tmp_path / "broken.xml"
    xml.write_text(_SAMPLE_XML.replace('CWE_ID="707" View_ID="1000" Ordinal="Primary"', 'CWE_ID="89" '
                                       'View_ID="1000" Ordinal="Primary"'), encoding="utf-8")
    with pytest.raises(ValueError, match="broken primary chain"):
        build_table.parse_catalogue(xml)
