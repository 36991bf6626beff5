"""The ReDoS analyser (rules/regex_analysis.py) on its own: verdicts that CPython's engine bears out, and the
safe look-alikes that must stay silent."""

from __future__ import annotations

import re
import time

import pytest

from pillarscan.rules.regex_analysis import analyse

EXPONENTIAL = [
    r"^([a-z0-9]+)+$", r"^(\w+\s?)*$", r"((a)+)+$", r"(a|a)*$", r"(.|\s)*#", r"(a+)+$", r"(.*a){20}",
    r"(x+x+)+y", r"^(a|b|ab)*$", r"(\w+)*@", r"^([a-z]{1,5})+$", r"(?i)^(A+)+$",
    r"^(([a-z])+.)+[A-Z]([a-z])+$",
    r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
]
POLYNOMIAL = [r"\s*\s*$", r".*.*=", r"(.*)(.*)(.*)(.*)$", r"x|\s+\s+$"]
SAFE = [
    r"(a+)+", r"(ab+)+$", r"^[a-z]+$", r"(\d{3})+$", r"(?:a|b)+$", r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    r"^(?:[^,]+,)*[^,]+$", r"^\d+(\.\d+)*$", r"\s+", r"[A-Za-z_][A-Za-z0-9_]*", r"^(?:(?!ab).)*$", r"(?>a+)+$",
    r"^\s+|\s+$", r"a.*b.*c", r"^(ab|a)*$", r"^(\s*\w+\s*,)*$", r"^(?:[a-z]|[A-Z])+$", r"^(?:\d{1,3}){1,3}$",
    r"^(\d{1,3}\.){3}\d{1,3}$", r"^\d+(\.\d*)?$", r"\b(then?|[iao]n|i[fst]|but|f?or|at|and|[dt]o)\s+\1\b",
]


@pytest.mark.parametrize("pattern", EXPONENTIAL)
def test_exponential(pattern: str) -> None:
    verdict = analyse(pattern)
    assert verdict is not None and verdict.kind == "exponential"


@pytest.mark.parametrize("pattern", POLYNOMIAL)
def test_polynomial(pattern: str) -> None:
    verdict = analyse(pattern)
    assert verdict is not None and verdict.kind == "polynomial"


@pytest.mark.parametrize("pattern", SAFE)
def test_safe(pattern: str) -> None:
    assert analyse(pattern) is None


def test_quadratic_cases_anchored_or_behind_a_required_prefix_are_not_reported() -> None:
    for pattern in (r"^\d+\.?\d*$", r"^\s*\s*$", r"key=.*.*;"):
        assert analyse(pattern) is None, pattern
    assert analyse(r".*.*=", anchored=True) is None


def test_fullmatch_makes_an_unanchored_repeat_fail() -> None:
    assert analyse(r"(a+)+") is None
    assert analyse(r"(a+)+", fullmatch=True).kind == "exponential"


def test_flags_change_the_alphabet() -> None:
    assert analyse(r"(a+A+)+$") is None
    assert analyse(r"(a+A+)+$", re.IGNORECASE).kind == "exponential"


def test_invalid_and_huge_patterns_are_not_judged() -> None:
    assert analyse(r"(a+") is None
    assert analyse("a" * 6000) is None


def _best_time(pattern: str, text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three: a loaded machine slows single runs, never speeds them up
        started = time.perf_counter()
        re.match(pattern, text)
        best = min(best, time.perf_counter() - started)
    return best


def test_the_verdicts_are_real_in_cpython() -> None:
    """What is called exponential really grows exponentially (four more characters: about sixteen times the
    work); the safe look-alike does not grow at all on the same growth of input."""
    exponential = _best_time(r"((a)+)+$", "a" * 20 + "!") / _best_time(r"((a)+)+$", "a" * 16 + "!")
    safe = _best_time(r"^(ab+)+$", "ab" * 20 + "!") / max(_best_time(r"^(ab+)+$", "ab" * 16 + "!"), 1e-7)
    assert analyse(r"((a)+)+$").kind == "exponential" and analyse(r"^(ab+)+$") is None
    assert exponential > 4 and exponential > 2 * safe


def test_analysis_is_bounded() -> None:
    started = time.perf_counter()
    for pattern in (r".*" * 40 + "x", r"[a-z]{1,9}" * 30 + "$", "|".join(f"word{i}" for i in range(300))):
        analyse(pattern)
    assert time.perf_counter() - started < 5


def test_severity_rises_when_the_matched_text_comes_from_the_request() -> None:
    from pathlib import Path

    from pillarscan.engine import ScanOptions, scan
    from pillarscan.findings import Severity

    case = Path(__file__).parent / "cases" / "resources" / "redos" / "from_request.py"
    found = {f.rule_id: f for f in scan([str(case)], ScanOptions(jobs=1)).findings}
    assert found["regex-catastrophic-backtracking"].severity == Severity.HIGH
    assert found["regex-polynomial-backtracking"].severity == Severity.MEDIUM
    assert "from the request" in found["regex-catastrophic-backtracking"].message
    constant = Path(__file__).parent / "cases" / "resources" / "redos" / "constant_patterns.py"
    assert {f.severity for f in scan([str(constant)], ScanOptions(jobs=1)).findings} == {Severity.MEDIUM}
