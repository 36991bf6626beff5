"""``--statistics``: how many findings each rule, CWE and pillar has, in place of the report (as ruff does).

For triage and for tuning a configuration: which rules make the noise, which pillars carry the risk. The counts
are of the reported findings (after thresholds, suppressions and the baseline), so they add up to the report's.
"""

from __future__ import annotations

import json
from collections import Counter

from .. import cwe
from ..findings import Finding


def statistics(findings: list[Finding], *, as_json: bool = False) -> str:
    by_rule = Counter((f.rule_id, f.cwe) for f in findings)
    by_cwe = Counter(f.cwe for f in findings)
    by_pillar = Counter(f.pillar for f in findings)
    if as_json:
        document = {
            "findings": len(findings),
            "rules": [{"rule": rule, "cwe": f"CWE-{number}", "count": n} for (rule, number), n in _ordered(by_rule)],
            "cwes": [{"cwe": f"CWE-{number}", "name": cwe.name(number), "count": n} for number, n in _ordered(by_cwe)],
            "pillars": [{"pillar": f"CWE-{number}", "name": cwe.PILLARS.get(number, cwe.name(number)), "count": n}
                        for number, n in _ordered(by_pillar)],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if not findings:
        return "No findings.\n"
    width = len(str(max(by_rule.values())))
    rule_w = max(len(rule) for rule, _ in by_rule)
    lines = ["By rule:"]
    lines += [f"  {n:>{width}}  {rule:<{rule_w}}  CWE-{number}" for (rule, number), n in _ordered(by_rule)]
    lines += ["", "By CWE:"]
    lines += [f"  {n:>{width}}  CWE-{number:<6}{cwe.name(number)}" for number, n in _ordered(by_cwe)]
    lines += ["", "By pillar:"]
    lines += [f"  {n:>{width}}  CWE-{number:<6}{cwe.PILLARS.get(number, cwe.name(number))}"
              for number, n in _ordered(by_pillar)]
    lines += ["", f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"]
    return "\n".join(lines) + "\n"


def _ordered(counts: Counter) -> list:
    """Most findings first, then by key, so the output is stable."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
