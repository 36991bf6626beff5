"""The default report: ten pillars in CWE order, each with its verdict and evidence, then one verdict line.

Laid out with rich (grids whose cells wrap at spaces and fold what has none, measured in terminal cells), so
the report fits the width it is given — no line is longer, whatever the length of a CWE name, a path or a code
line — and one layout serves both outputs: styled for a terminal, and plain (no ANSI codes, no trailing blanks)
when piped or written to a file. The command line passes the terminal's width, or 100 columns when the output is
not a terminal, so saved reports and CI logs do not depend on who ran them (cli._width).

Text from the reviewed tree (paths, code, diagnostics) only ever sits in an indented cell, and when such a
cell wraps, each continuation line begins with a mark (``│`` under a code line's gutter, ``↳`` elsewhere): a
file name or code line with spaces in it cannot wrap into a line that reads like the report's own verdict.
"""

from __future__ import annotations

import io
from typing import Iterable

from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..findings import Diagnostic, Finding, Severity, TraceStep
from . import Review
from .places import display_path
from .summary import (PillarAccount, change_summary, cwe_name, describe_targets, fixed_summary, pillar_accounts,
                      plural, preexisting_summary, verdict)

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "bold cyan",
}
STATUS_STYLE = {"findings": "bold red", "clean": "green", "not-checked": "yellow", "not-reviewed": "yellow"}
MIN_WIDTH = 40  # narrower than this, nothing useful fits; the report is laid out at 40
PILLAR_ID_WIDTH = 9  # "CWE-284  ": pillar names line up, also on their continuation lines
DETAIL_INDENT = 11  # "  CRITICAL " — details line up under the CWE
TRACE_CODE_MAX = 80  # a data-flow step's code is cut to this many characters: it is a reminder, not the code
TRACE_CODE_MIN = 40  # a step's code goes beside its place when it gets this many columns (or all it needs)
SKIPPED_SHOWN = 10  # without --verbose, list this many skipped files and count the rest
MORE = "↳ "  # begins each continuation line of text from the reviewed tree


class _Marked:
    """``text`` wrapped to the cell, its first line after ``lead`` and every further line after ``more``, so
    what follows a wrap is visibly a continuation (see the module docstring)."""

    def __init__(self, text: Text, lead: Text | str = "", more: Text | str = Text(MORE, style="dim")):
        self.text = text
        self.lead = Text(lead) if isinstance(lead, str) else lead
        self.more = Text(more, style="dim") if isinstance(more, str) else more

    def _margin(self) -> int:
        return max(self.lead.cell_len, self.more.cell_len)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(console, options, self.text)
        return Measurement(min(inner.minimum, 4) + self._margin(), inner.maximum + self.lead.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.lead.cell_len + self.text.cell_len <= width:
            yield Text.assemble(self.lead, self.text)
            return
        lines = self.text.wrap(console, max(width - self._margin(), 1), overflow="fold")
        for number, line in enumerate(lines):
            yield Text.assemble(self.lead if number == 0 else self.more, line)


def render_text(review: Review, *, color: bool = False, width: int = 100) -> str:
    width = max(width, MIN_WIDTH)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, markup=False, emoji=False,
                      legacy_windows=False, force_jupyter=False, force_interactive=False, tab_size=4)
    options = console.options.update(width=width, no_wrap=False, overflow="fold")
    for block in _blocks(review, width):
        for line in console.render_lines(block, options, pad=False, new_lines=False):
            segments = _trimmed(line)
            if color:
                buffer.write("".join(seg.style.render(seg.text, color_system=ColorSystem.STANDARD)
                                     if seg.style else seg.text for seg in segments))
            else:
                buffer.write("".join(seg.text for seg in segments))
            buffer.write("\n")
    return buffer.getvalue()


def _trimmed(line: list[Segment]) -> list[Segment]:
    """The line without the blanks that grid cells are padded with on the right."""
    line = [seg for seg in line if not seg.control]
    while line and not line[-1].text.rstrip() and not (line[-1].style and line[-1].style.bgcolor):
        line.pop()
    if line and not (line[-1].style and line[-1].style.bgcolor):
        last = line[-1]
        line[-1] = Segment(last.text.rstrip(), last.style)
    return line


def _blocks(review: Review, width: int) -> Iterable[RenderableType]:
    result = review.result
    yield _header(review)
    yield Text()
    blank = True
    for account in pillar_accounts(review):  # a pillar with findings is set off by blank lines; clean ones are not
        if account.findings and not blank:
            yield Text()
        yield _PillarLine(account)
        blank = False
        if account.cwe == 284 and result.routes is not None:  # what the access checks looked at, even when clean
            from .routes import summary_line

            routes = summary_line(result.routes)
            if routes:
                yield Padding(_hanging(f"Routes: {routes}"), (0, 0, 0, 2))
        if review.verbose and account.checks:
            yield Padding(_hanging("checks: " + ", ".join(account.checks), style="dim"), (0, 0, 0, 2))
        for finding in account.findings:
            yield _finding(finding, width, preexisting=review.change is not None and not review.change.is_new(finding),
                           llm=review.llm)
            yield Text()
            blank = True
    if not blank:
        yield Text()
    yield _hanging(f"Verdict: {verdict(review)}", style="bold")
    yield from _change_blocks(review)
    if review.baselined or review.baseline_fixed:
        source = f" (baseline {review.baseline_path})" if review.baseline_path else ""
        fixed = f"; {plural(review.baseline_fixed, 'recorded finding')} now fixed" if review.baseline_fixed else ""
        yield _hanging(f"Baseline: {plural(review.baselined, 'known finding')} not shown{fixed}{source}.", style="dim")
    if result.flow_skipped_tests:
        yield _hanging(f"Tests: data flow not followed in {plural(result.flow_skipped_tests, 'test file')} "
                       "(--flow-in-tests follows it).", style="dim")
    if review.llm is not None:
        yield from _llm_blocks(review, width)
    yield from _listing("Skipped", [_describe(d) for d in result.skipped], review.verbose, noun="file")
    warnings = [_describe(d) for d in result.diagnostics if d.kind != "skipped"] + list(review.notes)
    yield from _listing("Warnings", warnings, review.verbose, noun="warning")


def _change_blocks(review: Review) -> Iterable[RenderableType]:
    """In a change review: what was compared, the pre-existing count, and what the change fixed."""
    for sentence in (change_summary(review), preexisting_summary(review)):
        if sentence:
            yield _hanging(sentence, style="dim")
    fixed = fixed_summary(review)
    if fixed:
        yield Text(fixed[0], style="green")
        for line in fixed[1:]:
            yield Padding(_Marked(Text(line, style="green")), (0, 0, 0, 2))


def _header(review: Review) -> RenderableType:
    result = review.result
    targets = describe_targets([display_path(t) if t != "-" else t for t in result.targets])
    facts = f"{plural(len(result.files_scanned), 'file')}, {plural(result.lines_scanned, 'line')} · " \
            f"{result.duration_s:.2f} s"
    return _hanging(Text.assemble((f"pillarscan {review.version}", "bold"),
                                  f" · security review of {targets} · {facts}"), head_words=2)


class _PillarLine:
    """``CWE-284  Improper Access Control ........ 1 finding``: the name wraps under itself when it is long (the
    CWE-435 pillar's is), the dot leader fills the name's last line, and the verdict stays at the right edge."""

    def __init__(self, account: PillarAccount):
        self.account = account

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        account = self.account
        width = options.max_width
        verdict_text = Text(f" {account.verdict}", style=STATUS_STYLE[account.status])
        room = width - PILLAR_ID_WIDTH - verdict_text.cell_len
        if room < 12:  # too narrow for name and verdict side by side: the verdict gets its own line
            yield from self._stacked(console, width, verdict_text)
            return
        lines = Text(account.name, style="bold").wrap(console, room - 4, overflow="fold")
        for number, line in enumerate(lines):
            lead = Text(f"CWE-{account.cwe}".ljust(PILLAR_ID_WIDTH) if number == 0 else " " * PILLAR_ID_WIDTH,
                        style="bold")
            if number < len(lines) - 1:
                yield Text.assemble(lead, line)
            else:
                dots = Text(" " + "." * (room - line.cell_len - 1), style="dim")
                yield Text.assemble(lead, line, dots, verdict_text)

    def _stacked(self, console: Console, width: int, verdict_text: Text) -> RenderResult:
        account = self.account
        grid = Table.grid()
        grid.add_column(width=PILLAR_ID_WIDTH, no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        grid.add_row(f"CWE-{account.cwe}", Text(account.name, style="bold"))
        grid.add_row("", verdict_text[1:])
        yield grid


def _llm_blocks(review: Review, width: int) -> Iterable[RenderableType]:
    from .llm_report import summary_sentence

    yield _hanging(summary_sentence(review.llm), style="dim")
    if review.llm.dismissed:
        yield Text()
        yield Text(f"Dismissed by the LLM as false positives ({len(review.llm.dismissed)}):", style="bold")
        for finding in review.llm.dismissed:
            yield _finding(finding, width, preexisting=False, llm=review.llm)
            yield Text()


def _finding(finding: Finding, width: int, preexisting: bool, llm=None) -> RenderableType:
    loc = finding.location
    # fixed column widths: rich then lays the cells out without measuring them first, which keeps reports of
    # thousands of findings fast
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=DETAIL_INDENT - 1, no_wrap=True)  # 2 columns of margin, the severity; 1 of padding
    grid.add_column(width=width - DETAIL_INDENT, overflow="fold")
    grid.add_row(Text.assemble("  ", (str(finding.severity).upper(), SEVERITY_STYLE[finding.severity])),
                 Text(f"CWE-{finding.cwe} {cwe_name(finding.cwe)}", style="bold"))
    grid.add_row("", _Marked(Text.assemble((f"{display_path(loc.path)}:{loc.line}", "bold cyan"),
                                           (f" · confidence {finding.confidence} · rule {finding.rule_id}", "dim"))))
    if finding.snippet:
        gutter = f"{loc.line} │ "
        grid.add_row("", _Marked(Text(finding.snippet), Text(gutter, style="dim"),
                                 Text(" " * (len(gutter) - 2) + "│ ", style="dim")))
    grid.add_row("", Text(finding.message))
    if finding.trace:
        grid.add_row("", Text("Data flow:"))
        grid.add_row("", Padding(_trace(finding.trace, width), (0, 0, 0, 2)))
    if finding.fix:
        grid.add_row("", _hanging(Text.assemble(("Fix:", "bold green"), " ", finding.fix)))
    if preexisting:
        grid.add_row("", Text("(pre-existing: touches no line of this change)", style="dim"))
    if llm is not None:
        from .llm_report import verdict_sentence

        said = verdict_sentence(llm, finding)
        if said:
            grid.add_row("", _hanging(said, style="italic", marked=True))
    return grid


def _trace(steps: tuple[TraceStep, ...], width: int) -> RenderableType:
    """One row per step: its place, its code, what it is — side by side in aligned columns when the code has
    room to be read (it folds inside its cell past that), else the code under its place and note, so no column
    is squeezed to a few letters."""
    places = [Text(f"{display_path(step.location.path)}:{step.location.line}", style="cyan") for step in steps]
    codes = [Text(_shorten(step.code)) for step in steps]
    notes = [Text(f"({step.note})" if step.note else "", style="dim") for step in steps]
    room = width - DETAIL_INDENT - 2
    place_w = min(max(t.cell_len for t in places), room // 3)
    note_w = min(max(t.cell_len for t in notes), room // 3)
    code_w = max(t.cell_len for t in codes)
    grid = Table.grid(padding=(0, 2, 0, 0))
    if room - place_w - note_w - 4 >= min(code_w, TRACE_CODE_MIN):
        grid.add_column(width=place_w, overflow="fold")
        grid.add_column(width=min(code_w, room - place_w - note_w - 4), overflow="fold")
        grid.add_column(width=note_w, overflow="fold")
        for place, code, note in zip(places, codes, notes):
            grid.add_row(_Marked(place), _Marked(code), note)
        return grid
    grid.add_column(width=room, overflow="fold")
    for place, code, note in zip(places, codes, notes):
        grid.add_row(_Marked(Text.assemble(place, "  ", note) if note.plain else place))
        grid.add_row(Padding(_Marked(code), (0, 0, 0, 2)))
    return grid


def _shorten(code: str) -> str:
    code = " ".join(code.split())
    return code if len(code) <= TRACE_CODE_MAX else code[: TRACE_CODE_MAX - 1] + "…"


def _hanging(text: str | Text, *, style: str = "", head_words: int = 1, marked: bool = False) -> RenderableType:
    """``text`` wrapped with its continuation lines under its second word (under "Fix:"'s text, "Skipped:"'s
    count), so a paragraph's first word stands out and nothing that follows it reaches the left margin;
    ``marked``: the text is from the reviewed tree, its continuation lines are marked."""
    text = Text(text, style=style) if isinstance(text, str) else text
    plain = text.plain
    cut = -1
    for _ in range(head_words):
        cut = plain.find(" ", cut + 1)
        if cut < 0:
            return text
    head = text[:cut + 1]
    more = Text(" " * head.cell_len + (MORE if marked else ""), style="dim")
    return _Marked(text[cut + 1:], head, more)


def _describe(diag: Diagnostic) -> str:
    where = f":{diag.line}" if diag.line else ""
    return f"{display_path(diag.path)}{where}: {diag.reason}"


def _listing(label: str, items: list[str], verbose: bool, noun: str) -> Iterable[RenderableType]:
    """One item: a single line "Skipped: 1 file (why)."; several: a count, then one indented line each."""
    if not items:
        return
    count = plural(len(items), noun) if noun == "file" else ""
    if len(items) == 1:
        inner = f"{count} ({items[0]})" if count else items[0]
        yield _hanging(f"{label}: {inner}.", style="yellow", marked=True)
        return
    shown = items if verbose else items[:SKIPPED_SHOWN]
    yield Text(f"{label}: {count or plural(len(items), noun)}", style="yellow")
    for item in shown:
        yield Padding(_Marked(Text(item, style="yellow")), (0, 0, 0, 2))
    if len(shown) < len(items):
        yield Padding(Text(f"… and {len(items) - len(shown)} more (--verbose or --format json lists them all)",
                           style="yellow"), (0, 0, 0, 2))
