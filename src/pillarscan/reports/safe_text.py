"""Text from the reviewed tree, made safe to show: the one place every reporter's untrusted text passes through.

Why: file names, code lines and the API names found in code are written by whoever wrote the reviewed code —
in CI, a stranger. Shown raw, an ESC sequence in a file name clears the reviewer's terminal or recolours it, a
carriage return or newline in a code line prints a fake "Verdict: no security defect found", and bidirectional
controls (Trojan Source) make a line read differently from what it is. So before any human-facing format is
rendered, every string that can hold such text is rewritten with those characters shown as escapes
(``\\x1b``, ``\\u202e``); bytes of a file name that are not UTF-8 (kept by Python as lone surrogates) are shown
as ``\\xe9``. Machine formats (JSON, SARIF) escape control characters by their own syntax, and only get the
surrogates rewritten, which no UTF-8 encoder would accept.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any

# C0 controls (tab and newline included: every field is one line), DEL, C1 controls, and the bidirectional
# formatting characters of Unicode (embeddings, overrides, isolates, marks).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, bidi or undecodable character shown as an escape; other text unchanged."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def encodable(text: str) -> str:
    """``text`` with only the undecodable bytes of file names (lone surrogates) shown as escapes."""
    return _SURROGATES.sub(_escape, text) if _SURROGATES.search(text) else text


def neutralised(value: Any, clean=visible) -> Any:
    """A copy of ``value`` (a Review, a result, findings, diagnostics, and the lists, tuples, sets and dicts
    that hold them) with ``clean`` applied to every string in it. Equal values stay equal, so a finding is still
    found in the lists of the change scope after both went through here."""
    memo: dict[int, Any] = {}

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return clean(item)
        if item is None or isinstance(item, (int, float, bool, bytes)):
            return item
        key = id(item)
        if key in memo:
            return memo[key]
        if isinstance(item, list):
            out: Any = [walk(x) for x in item]
        elif isinstance(item, tuple) and not hasattr(item, "_fields"):
            out = tuple(walk(x) for x in item)
        elif isinstance(item, frozenset):
            out = frozenset(walk(x) for x in item)
        elif isinstance(item, set):
            out = {walk(x) for x in item}
        elif isinstance(item, dict):
            out = {walk(k): walk(v) for k, v in item.items()}
        elif is_dataclass(item) and not isinstance(item, type):
            changes = {f.name: walk(getattr(item, f.name)) for f in fields(item) if f.init}
            out = replace(item, **changes) if any(changes[n] is not getattr(item, n) for n in changes) else item
        else:  # enums (severity, confidence), rules: written by us, not by the reviewed code
            out = item
        memo[key] = out
        return out

    return walk(value)
