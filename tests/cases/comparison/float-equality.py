"""Exact equality on computed floats flagged; tolerance checks and integral sentinels not."""

import math


def apply_discount(price: float, rate: float) -> float:
    if rate * 3 == 0.3:  # expect: CWE-1077
        return price
    if price - rate != 19.99:  # expect: CWE-1077
        return price * (1 - rate)
    return price


def safe_compare(total: float, expected: float) -> bool:
    if total == 0.0:
        return False
    return math.isclose(total, expected, rel_tol=1e-9) or total == expected
