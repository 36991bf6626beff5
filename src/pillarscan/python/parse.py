"""Source bytes → syntax tree, by the file's own grammar; plus the suppression comments found on each line.

The host's ``ast`` parses first (fast); a file in a newer grammar than the host's is read by libcst's parser and
converted (``cst_to_ast``), so a 3.12 f-string is analysed on 3.10 too. Failures are ``ParseFailure`` with a
reason a person can act on.
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
        raise ParseFailure(f"cannot decode source (not valid UTF-8 or its declared encoding): {exc}") from None


_PY2_HINTS = (
    (re.compile(r"^\s*print\s+[^\s(=]", re.M), "print statement"),
    (re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:", re.M), "'except X, e' clause"),
    (re.compile(r"^\s*exec\s+[\"'\w]", re.M), "exec statement"),
    (re.compile(r"`[^`\n]+`"), "backtick repr"),
    (re.compile(r"(?<![\w.])0[0-7]+(?![\w.])"), "old-style octal literal"),
    (re.compile(r"^\s*raise\s+\w+\s*,", re.M), "'raise E, msg' statement"),
    (re.compile(r"\bur[\"']"), "ur'' string prefix"),
)


def python2_hint(text: str) -> str | None:
    """Name the Python 2 construct in a file that does not parse, so the diagnostic says why plainly."""
    for pattern, name in _PY2_HINTS:
        if pattern.search(text):
            return name
    return None


def parse_source(data: bytes, path: str = "<string>") -> ParsedModule:
    if b"\x00" in data:
        raise ParseFailure("binary file (contains NUL bytes), not Python source")
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
            hint = python2_hint(text)
            reason = f"Python 2 syntax ({hint}): {exc.msg}" if hint else f"syntax error: {exc.msg}"
            raise ParseFailure(reason, exc.lineno) from None
    return ParsedModule(text=text, lines=text.splitlines(), tree=tree, grammar=grammar,
                        suppressions=find_suppressions(text))
