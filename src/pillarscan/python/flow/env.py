"""The abstract environment of a function body: variable name (or dotted path) → Value, and how two branches'
environments join where control flow meets.
"""

from __future__ import annotations

from ..values import join


class BudgetExceeded(Exception):
    """A function too large or pathological to follow within the per-function budget."""


Env = dict  # name or dotted path -> Value


def join_env(a: Env | None, b: Env | None) -> Env | None:
    if a is None:
        return b
    if b is None or a is b:
        return a
    out = dict(a)
    for key, value in b.items():
        old = out.get(key)
        out[key] = value if old is None else join(old, value)
    return out
