"""The code a question needs, cut from the reviewed files: the function around a line, not the whole file.

Files are parsed (never imported or run) to find function boundaries; a file that does not parse, or a line
outside any function, gives a bounded window of lines instead. Every block is redacted before it is used.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, Optional

from .prompts import numbered
from .redact import redact

MAX_FUNCTION_LINES = 80
WINDOW = 12
MAX_FILE_BYTES = 2_000_000


@dataclass
class SourceView:
    """Read-only access to the reviewed files' lines and functions; counts what was redacted. ``reader`` reads
    a file's bytes from elsewhere than the disk (a change review's new side: a commit, the index, a patch)."""

    redactions: int = 0  # secrets taken out of the files whose code was sent
    reader: Optional[Callable[[str], Optional[bytes]]] = None
    _lines: dict[str, list[str] | None] = field(default_factory=dict)
    _redacted: dict[str, list[str]] = field(default_factory=dict)
    _trees: dict[str, ast.Module | None] = field(default_factory=dict)

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            try:
                data = self._read(path)
            except OSError:
                data = None
            self._lines[path] = None if data is None or len(data) > MAX_FILE_BYTES else \
                data.decode("utf-8", "replace").splitlines()
        return self._lines[path]

    def _read(self, path: str) -> bytes | None:
        if self.reader is not None:
            return self.reader(path)
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)

    def tree(self, path: str) -> ast.Module | None:
        if path not in self._trees:
            lines = self.lines(path)
            try:
                self._trees[path] = ast.parse("\n".join(lines)) if lines is not None else None
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self._trees[path] = None
        return self._trees[path]

    def functions(self, path: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        tree = self.tree(path)
        if tree is None:
            return []
        return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def enclosing(self, path: str, line: int) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        inside = [f for f in self.functions(path) if _first(f) <= line <= (f.end_lineno or f.lineno)]
        return max(inside, key=_first, default=None)

    def span(self, path: str, line: int) -> tuple[int, int]:
        """The lines to show for ``line``: its function (bounded), else a window around it."""
        function = self.enclosing(path, line)
        if function is not None:
            first, last = _first(function), function.end_lineno or function.lineno
            if last - first < MAX_FUNCTION_LINES:
                return first, last
            return max(first, line - MAX_FUNCTION_LINES // 2), min(last, line + MAX_FUNCTION_LINES // 2)
        return max(1, line - WINDOW), line + WINDOW

    def block(self, path: str, first: int, last: int) -> str | None:
        lines = self.lines(path)
        if not lines:
            return None
        if path not in self._redacted:
            text, count = redact("\n".join(lines))
            self._redacted[path] = text.split("\n")
            self.redactions += count
        return numbered(path, first, self._redacted[path][first - 1:min(last, len(lines))])


def _first(function: ast.AST) -> int:
    decorators = getattr(function, "decorator_list", [])
    return min([function.lineno] + [d.lineno for d in decorators])
