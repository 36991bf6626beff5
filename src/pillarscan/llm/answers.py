"""Reading a model's answer: one JSON object, checked field by field; anything else is no answer.

Small models wrap JSON in prose or code fences, so the first balanced object in the text is taken; strings are
cut to their bounds and enumerations must match exactly. Nothing in an answer is ever executed or followed.
"""

from __future__ import annotations

import json
import re

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def json_object(text: str) -> dict | None:
    if not isinstance(text, str) or len(text) > 200_000:
        return None
    candidates = [text.strip()] + [m.group(1).strip() for m in _FENCE.finditer(text)]
    start = text.find("{")
    if start >= 0:
        candidates.append(text[start:text.rfind("}") + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def bounded(value: object, limit: int) -> str:
    """Text of at most ``limit`` characters from a JSON value ("" for anything not a string)."""
    if not isinstance(value, str):
        return ""
    text = " ".join(value.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def choice(value: object, allowed: tuple[str, ...]) -> str | None:
    if not isinstance(value, str):
        return None
    folded = value.strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"true_positive": "tp", "false_positive": "fp", "unsure": "uncertain", "unknown": "uncertain"}
    folded = aliases.get(folded, folded)
    return folded if folded in allowed else None


def integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(?:CWE[-_ ]?)?(\d{1,7})\s*", value, re.IGNORECASE)
        return int(match.group(1)) if match else None
    return None
