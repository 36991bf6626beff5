"""Source bytes → syntax tree, by the file's own grammar; plus the suppression comments found on each line.

(Minimal first version: host ``ast`` only. To be extended with a libcst fallback for newer grammar.)
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field


class ParseFailure(Exception):
    """The file could not be turned into a tree; ``reason`` is what the user reads, ``line`` where, if known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class ParsedModule:
    text: str
    lines: list[str]
    tree: ast.Module
    grammar: str = "host"
    suppressions: dict[int, frozenset[str] | None] = field(default_factory=dict)


_SUPPRESS = re.compile(r"#\s*pillarscan:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


def find_suppressions(text: str) -> dict[int, frozenset[str] | None]:
    """``# pillarscan: ignore`` silences a line; ``# pillarscan: ignore[sql-injection, CWE-89]`` only those."""
    out: dict[int, frozenset[str] | None] = {}
    if "pillarscan" not in text:
        return out
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _SUPPRESS.search(line)
        if m:
            out[lineno] = frozenset(s.strip().lower() for s in m.group(1).split(",") if s.strip()) if m.group(1) else None
    return out


def decode_source(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise ParseFailure(f"cannot decode source: {exc}") from None


def parse_source(data: bytes, path: str = "<string>") -> ParsedModule:
    text = decode_source(data)
    grammar = "host"
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        # The host may be older than the file's grammar (PEP 701 f-strings, `type` statements on 3.11):
        # libcst's own parser reads newer Python; its tree is converted to the standard ast.
        from .cst_to_ast import parse_with_libcst

        try:
            tree = parse_with_libcst(text)
            grammar = "libcst"
        except Exception:
            raise ParseFailure(f"syntax error: {exc.msg}", exc.lineno) from None
    return ParsedModule(text=text, lines=text.splitlines(), tree=tree, grammar=grammar,
                        suppressions=find_suppressions(text))
