"""The real-application scorer's matching and arithmetic, and the validity of every label file (the apps
themselves are not needed: CI has none of them)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import realapps as ra  # noqa: E402
from pillarscan import cwe  # noqa: E402


def _label(line=10, cwe_id=89, vulnerable=True, boilerplate=False, file="app/views.py") -> ra.Label:
    return ra.Label(file, line, cwe_id, cwe.pillar_of(cwe_id), vulnerable, boilerplate)


def test_matching_needs_the_same_file_a_close_line_and_a_related_cwe():
    label = _label()
    assert ra.match(label, ra.Hit("app/views.py", 13, 89))
    assert not ra.match(label, ra.Hit("app/views.py", 14, 89)), "±3 lines"
    assert not ra.match(label, ra.Hit("app/other.py", 10, 89))
    assert ra.match(label, ra.Hit("app/views.py", 10, 943)), "an ancestor below the pillar"
    assert not ra.match(label, ra.Hit("app/views.py", 10, 707)), "the pillar itself is too broad"
    assert not ra.match(label, ra.Hit("app/views.py", 10, 79)), "a sibling under CWE-74 is another defect"
    assert not ra.match(label, ra.Hit("app/views.py", 10, None))
    assert ra.match(_label(cwe_id=74), ra.Hit("app/views.py", 10, 89)), "a descendant of the label's CWE"


def test_scores_count_labels_for_recall_and_findings_for_precision():
    labels = [_label(10), _label(40, 78), _label(70, 89, vulnerable=False), _label(90, 489, boilerplate=True)]
    hits = [ra.Hit("app/views.py", 11, 89), ra.Hit("app/views.py", 9, 89),  # two findings, one label
            ra.Hit("app/views.py", 70, 89),  # a safe look-alike
            ra.Hit("app/views.py", 90, 489),  # the harness: neither way
            ra.Hit("app/views.py", 200, 22)]  # nothing there
    s = ra.score(labels, hits)
    assert (s.tp, s.fn, s.fp, s.findings, s.matched_findings, s.lookalike_hits) == (1, 1, 2, 4, 2, 1)
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.5)
    assert s.f2 == pytest.approx(5 * 0.5 * 0.5 / (4 * 0.5 + 0.5))
    by_pillar = ra.score(labels, hits, pillar=664)
    assert (by_pillar.tp, by_pillar.fn, by_pillar.fp) == (0, 0, 1), "only the path finding is in CWE-664"
    assert ra.Score().f2 == 0.0


LABEL_FILES = sorted((BENCH / "realapps" / "labels").glob("*.json"))
REQUIRED = ("file", "line", "cwe", "pillar", "description", "evidence", "vulnerable")


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.stem)
def test_every_label_is_complete_and_consistent(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["app"] == path.stem and doc["repository"] and len(doc["commit"]) == 40 and doc["root"]
    seen = set()
    for entry in doc["labels"]:
        assert all(entry.get(key) not in (None, "") for key in REQUIRED), entry
        assert isinstance(entry["line"], int) and entry["line"] > 0
        assert cwe.known(entry["cwe"]), entry
        assert entry["pillar"] == cwe.pillar_of(entry["cwe"]), entry
        key = (entry["file"], entry["line"], entry["cwe"])
        assert key not in seen, f"duplicate label {key}"
        seen.add(key)


def test_the_corpus_is_as_large_and_broad_as_asked():
    vulnerable, safe, pillars = 0, 0, Counter()
    for path in LABEL_FILES:
        for entry in json.loads(path.read_text(encoding="utf-8"))["labels"]:
            if entry["vulnerable"] and not entry.get("boilerplate"):
                vulnerable += 1
                pillars[entry["pillar"]] += 1
            elif not entry["vulnerable"]:
                safe += 1
    assert len(LABEL_FILES) == 5
    assert vulnerable >= 150 and safe >= 30
    assert len(pillars) >= 8, pillars
