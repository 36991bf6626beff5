"""Where a finding is, said the way each consumer counts: paths for people and for repositories, and columns in
characters rather than bytes.

Why columns need care: a Location's columns are Python's ``col_offset``, a count of UTF-8 *bytes* into the line,
while SARIF (``columnKind: unicodeCodePoints``), GitHub annotations and editors count *characters*. They agree
on ASCII lines only. A finding carries its line stripped of indentation (``snippet``), which is not enough to
turn a byte offset into a character offset or to cut out the flagged text, so the line is read again from the
file — and used only when its stripped text is exactly the finding's snippet and the span lies inside it, so a
file edited since the review can never move a region. When the line cannot be had, an ASCII snippet still
proves the columns are characters (indentation is ASCII in Python), and a non-ASCII one gets no columns at all:
a whole-line region is never wrong.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..findings import Location

MAX_SOURCE_BYTES = 8 * 1024 * 1024  # a report re-reads only files this size or smaller
_NEWLINE = re.compile(r"\r\n|\r|\n")  # the line ends Python's tokenizer counts (not \f, \x1c or U+2028)


def display_path(path: str, cwd: str | None = None) -> str:
    """A path as people read it in a report: relative to the working directory when it lies under it, without
    ``./`` or doubled separators; ``..`` is kept (folding it could change which file is meant)."""
    if path.startswith("<"):  # "<stdin>", "<tree>"
        return path
    if os.path.isabs(path):
        here = os.path.abspath(cwd or os.getcwd())
        try:
            if os.path.commonpath([here, path]) == here and path != here:
                return Path(os.path.relpath(path, here)).as_posix()
        except ValueError:  # another drive on Windows
            pass
        return path
    parts = [part for part in path.replace(os.sep, "/").split("/") if part not in ("", ".")]
    return "/".join(parts) or "."


def repository_path(path: str, root: Path, rooted: bool) -> str:
    """Relative to the repository root with forward slashes (what GitHub and GitLab link to files by). The paths
    of a change review are already repository-relative (``rooted``); those of a scan are made so."""
    if path.startswith("<"):
        return path
    if rooted and not os.path.isabs(path):
        return display_path(path)
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


@dataclass(frozen=True)
class Span:
    """A location in characters: 1-based start and end columns (end exclusive, as SARIF's endColumn), and the
    flagged text when the source line was at hand."""

    start_line: int
    end_line: int
    start_column: int | None = None  # None: the whole line(s)
    end_column: int | None = None
    text: str | None = None  # the flagged region's text


class LineSource:
    """The lines of the reviewed files, read once per file, for turning byte columns into character columns."""

    def __init__(self, root: Path | None = None, clean: Callable[[str], str] = lambda text: text):
        self.root = root  # folder that relative paths are relative to (a change review's repository); None: cwd
        self.clean = clean  # what the report did to the finding's text (safe_text), done to the line's too
        self._files: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path.startswith("<"):
            return None
        full = path if os.path.isabs(path) or self.root is None else str(self.root / path)
        if full not in self._files:
            self._files[full] = _read_lines(full)
        return self._files[full]

    def span(self, location: Location, snippet: str) -> Span:
        """The location in characters; see the module docstring for when columns are left out."""
        end_line = location.end_line if location.end_line and location.end_line >= location.line else location.line
        lines = self.lines(location.path)
        if lines is not None and 1 <= location.line <= len(lines) \
                and self.clean(lines[location.line - 1].strip()) == snippet.strip():
            found = _span_in(lines, location, end_line)
            if found is not None:
                return found if found.text is None else replace(found, text=self.clean(found.text))
        if snippet.isascii() and location.column >= 0:
            start = location.column + 1
            end = None  # on another line than the snippet's, the end column could count bytes of non-ASCII text
            if end_line == location.line and location.end_column is not None and location.end_column > location.column:
                end = location.end_column + 1
            return Span(location.line, end_line, start, end)
        return Span(location.line, end_line)


def _span_in(lines: list[str], location: Location, end_line: int) -> Span | None:
    first = lines[location.line - 1].encode("utf-8", "surrogateescape")
    if not 0 <= location.column <= len(first):
        return None
    start = _characters(first[:location.column])
    if start is None:
        return None
    end_col: int | None = None
    text: str | None = None
    if location.end_column is not None and end_line <= len(lines):
        last = lines[end_line - 1].encode("utf-8", "surrogateescape")
        if end_line == location.line and location.end_column < location.column:
            return None
        if not 0 <= location.end_column <= len(last):
            return None
        end = _characters(last[:location.end_column])
        if end is None:
            return None
        end_col = end + 1
        if end_line == location.line:
            text = lines[location.line - 1][start:end]
        else:
            middle = lines[location.line:end_line - 1]
            text = "\n".join([lines[location.line - 1][start:], *middle, lines[end_line - 1][:end]])
    if text is not None and not text.strip():
        return None  # a span of nothing but blanks: not what the analysis meant; fall back
    return Span(location.line, end_line, start + 1, end_col, text)


def _characters(prefix: bytes) -> int | None:
    """How many characters the UTF-8 bytes ``prefix`` hold; None when it ends inside a character."""
    try:
        return len(prefix.decode("utf-8", "surrogateescape"))
    except UnicodeDecodeError:
        return None


def _read_lines(path: str) -> list[str] | None:
    """A regular file's lines as the parser read them (UTF-8, undecodable bytes kept), or None. Never follows
    into a FIFO or device, and never reads a file too big to have been reviewed."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_SOURCE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    text = data.decode("utf-8", "surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _NEWLINE.split(text)
