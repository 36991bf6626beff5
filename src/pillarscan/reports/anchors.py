"""Where a finding's review comment goes in a change, shared by the GitHub and Gerrit formats.

A code-review service only accepts comments on lines it shows for the change, so each finding is anchored at
its sink when the sink is on a line of the diff, else at the last step of its trace that the change touched
(the body then says where the sink is). A finding with no such line gets no inline comment; it is listed in the
review's summary instead, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding, Location
from . import ChangeScope


@dataclass(frozen=True)
class Anchor:
    path: str
    line: int  # the (last) line the comment is on
    start_line: int | None = None  # first line, for a comment on several lines
    at_sink: bool = True
    location: Location | None = None  # the span commented on


def anchor(finding: Finding, change: ChangeScope | None, lines: str = "diff") -> Anchor | None:
    """The anchor in ``change`` for ``finding``; ``lines`` says which lines can carry a comment: "diff" (lines a
    hunk shows, as GitHub requires) or "file" (any line of a touched file, as Gerrit allows)."""
    loc = finding.location
    if change is None:
        return Anchor(loc.path, loc.line, location=loc)
    if _allowed(change, loc.path, loc.line, lines):
        end = loc.end_line or loc.line
        if end > loc.line and all(_allowed(change, loc.path, n, lines) for n in range(loc.line, end + 1)):
            return Anchor(loc.path, end, start_line=loc.line, location=loc)
        return Anchor(loc.path, loc.line, location=loc)
    for step in reversed(finding.trace):
        where = step.location
        if where.line in change.changed_lines.get(where.path, frozenset()):
            return Anchor(where.path, where.line, at_sink=False, location=where)
    return None


def place_findings(findings: list[Finding], change: ChangeScope | None,
                   lines: str = "diff") -> tuple[list[tuple[Finding, Anchor]], list[Finding]]:
    """(findings with the line their comment goes on, findings with none: these go in the summary instead)."""
    placed: list[tuple[Finding, Anchor]] = []
    unanchored: list[Finding] = []
    for finding in findings:
        place = anchor(finding, change, lines) if change is not None else None
        if place is None:
            unanchored.append(finding)
        else:
            placed.append((finding, place))
    return placed, unanchored


def _allowed(change: ChangeScope, path: str, line: int, lines: str) -> bool:
    if lines == "file":
        return path in change.changed_lines
    return line in change.diff_lines.get(path, frozenset())
