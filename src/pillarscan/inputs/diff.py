"""Unified diffs: which files a change touches and which new-side lines it adds, and applying a patch in memory.

The same parser serves ``git diff`` output and patch files from Gerrit or ``git format-patch`` (the ``unidiff``
library reads both, mail headers included). Paths lose git's ``a/`` and ``b/`` prefixes so they are
repository-relative, which is what review comments must be anchored to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

DEV_NULL = "/dev/null"


class DiffError(Exception):
    """A diff or patch that cannot be read or applied; the message names the file and why."""


@dataclass(frozen=True)
class HunkLines:
    """One hunk, reduced to what applying it needs: where it starts on each side and its lines by kind."""

    source_start: int
    target_start: int
    lines: tuple[tuple[str, str], ...]  # (" " | "-" | "+", text with its line ending)

    def side(self, kinds: str) -> list[str]:
        return [text for kind, text in self.lines if kind in kinds]


@dataclass(frozen=True)
class FileChange:
    """One file of a change. ``old_path`` is None for an added file, ``new_path`` None for a deleted one."""

    old_path: str | None
    new_path: str | None
    binary: bool = False
    added_lines: frozenset[int] = frozenset()  # new-side lines the change adds or rewrites
    diff_lines: frozenset[int] = frozenset()  # every new-side line a hunk shows (added or context)
    hunks: tuple[HunkLines, ...] = field(default=(), repr=False)

    @property
    def path(self) -> str:
        """The path users know the file by after the change (the old one for a deletion)."""
        return self.new_path or self.old_path or ""

    @property
    def status(self) -> str:
        if self.old_path is None:
            return "added"
        if self.new_path is None:
            return "deleted"
        if self.old_path != self.new_path:
            return "renamed"
        return "modified"


def parse_diff(text: str) -> list[FileChange]:
    """Every file in a unified diff, in the order the diff lists them."""
    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise DiffError(f"cannot read the diff: {exc}") from None
    changes = []
    for patched in patch:
        old = None if patched.is_added_file else _strip_prefix(patched.source_file, "a/")
        new = None if patched.is_removed_file else _strip_prefix(patched.target_file, "b/")
        added: set[int] = set()
        shown: set[int] = set()
        hunks = []
        for hunk in patched:
            lines = []
            for line in hunk:
                if line.line_type in ("+", "-", " "):
                    lines.append((line.line_type, line.value))
                if line.target_line_no is not None:
                    shown.add(line.target_line_no)
                    if line.line_type == "+":
                        added.add(line.target_line_no)
            hunks.append(HunkLines(hunk.source_start, hunk.target_start, tuple(lines)))
        changes.append(FileChange(old, new, bool(patched.is_binary_file), frozenset(added), frozenset(shown),
                                  tuple(hunks)))
    return changes


def _strip_prefix(name: str | None, prefix: str) -> str | None:
    if name is None or name == DEV_NULL:
        return None
    name = name.rstrip("\t")
    return name[len(prefix):] if name.startswith(prefix) else name


# --- applying a patch in memory -------------------------------------------------------------------------------

def sides_from_patch(change: FileChange, current: bytes | None) -> tuple[bytes | None, bytes | None]:
    """(content before, content after) the change, given the file as it is in the working tree now.

    A patch handed to ``review --patch`` may already be applied there (a CI job that checked out the change and
    downloaded its diff) or not yet (a patch file about to be applied); whichever of the two the file matches
    decides, and the other side is computed. A file that matches neither is an error, never a guess."""
    if change.binary:
        return None, None
    if change.new_path is None:  # deletion
        return (_rebuild(change, "-") if current is None else current), None
    if change.old_path is None:  # addition
        after = _rebuild(change, "+")
        if current is not None and _lines(current) != _lines(after):
            raise DiffError(f"{change.new_path}: the patch adds this file, but the file in the working tree "
                            "differs from the patch's version")
        return None, current if current is not None else after
    if current is None:
        raise DiffError(f"{change.path}: the patch changes this file, but it is not in the working tree")
    lines = _lines(current)
    if _matches(lines, change.hunks, "target_start", " +"):
        return _join(_apply(lines, change.hunks, "target_start", " +", " -")), current
    if _matches(lines, change.hunks, "source_start", " -"):
        return current, _join(_apply(lines, change.hunks, "source_start", " -", " +"))
    raise DiffError(f"{change.path}: the patch does not match the file in the working tree (neither before nor "
                    "after the change); check out the revision the patch was made against")


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").splitlines(keepends=True)


def _join(lines: list[str]) -> bytes:
    return "".join(lines).encode("utf-8", "surrogateescape")


def _rebuild(change: FileChange, kind: str) -> bytes:
    return _join([text for hunk in change.hunks for text in hunk.side(kind)])


def _same(a: str, b: str) -> bool:
    return a.rstrip("\r\n") == b.rstrip("\r\n")


def _matches(lines: list[str], hunks: tuple[HunkLines, ...], start: str, kinds: str) -> bool:
    for hunk in hunks:
        expected = hunk.side(kinds)
        first = max(getattr(hunk, start) - 1, 0) if expected else 0
        window = lines[first:first + len(expected)]
        if len(window) != len(expected) or not all(_same(a, b) for a, b in zip(window, expected)):
            return False
    return True


def _apply(lines: list[str], hunks: tuple[HunkLines, ...], start: str, have: str, want: str) -> list[str]:
    """Replace each hunk's ``have`` side (already checked to be at its position) by its ``want`` side."""
    out: list[str] = []
    pos = 0
    for hunk in hunks:
        expected = hunk.side(have)
        first = max(getattr(hunk, start) - 1, 0) if expected else getattr(hunk, start)
        out.extend(lines[pos:first])
        out.extend(hunk.side(want))
        pos = first + len(expected)
    out.extend(lines[pos:])
    return out
