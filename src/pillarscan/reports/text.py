"""The default report: ten pillars in CWE order, each with its verdict and evidence, then one verdict line.

Built as rich ``Text`` lines so one layout serves both outputs: styled for a terminal, and byte-for-byte plain
(no ANSI codes) when piped or written to a file. Wrapping is done here, not by rich, so both look the same.
"""

from __future__ import annotations

import io
import textwrap

from rich.console import Console
from rich.text import Text

from ..findings import Diagnostic, Finding, Severity
from . import Review
from .summary import (PillarAccount, change_summary, cwe_name, describe_targets, fixed_summary, pillar_accounts,
                      plural, preexisting_summary, verdict)

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "bold cyan",
}
DETAIL_INDENT = 11  # "  CRITICAL " — details line up under the CWE
TRACE_CODE_MAX = 80
SKIPPED_SHOWN = 10  # without --verbose, list this many skipped files and count the rest


def render_text(review: Review, *, color: bool = False, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=max(width, 60), highlight=False, markup=False, emoji=False, soft_wrap=True)
    for line in _lines(review, max(width, 60)):
        console.print(line, soft_wrap=True)
    return buffer.getvalue()


def _lines(review: Review, width: int) -> list[Text]:
    result = review.result
    out: list[Text] = [_header(review), Text()]
    for account in pillar_accounts(review):
        out.append(_pillar_line(account, width))
        if review.verbose and account.checks:
            out.extend(_wrapped("checks: " + ", ".join(account.checks), width, indent=2, style="dim"))
        for finding in account.findings:
            out.extend(_finding_lines(finding, width))
            if review.change is not None and not review.change.is_new(finding):
                out.append(Text(" " * DETAIL_INDENT + "(pre-existing: touches no line of this change)", style="dim"))
            out.append(Text())
    if out[-1].plain:
        out.append(Text())
    out.append(Text.assemble(("Verdict: ", "bold"), (verdict(review), "bold")))
    out.extend(_change_lines(review, width))
    if review.baselined or review.baseline_fixed:
        source = f" (baseline {review.baseline_path})" if review.baseline_path else ""
        fixed = f"; {plural(review.baseline_fixed, 'recorded finding')} now fixed" \
            if review.baseline_fixed else ""
        out.append(Text(f"Baseline: {plural(review.baselined, 'known finding')} not shown{fixed}{source}.",
                        style="dim"))
    out.extend(_diagnostic_block("Skipped", result.skipped, width, review.verbose, noun="file"))
    warnings = [d for d in result.diagnostics if d.kind != "skipped"]
    notes = [_describe(d) for d in warnings] + list(review.notes)
    if notes:
        out.extend(_listing("Warnings", notes, width, review.verbose, noun="warning"))
    return out


def _change_lines(review: Review, width: int) -> list[Text]:
    """In a change review: what was compared, the pre-existing count, and what the change fixed."""
    out: list[Text] = []
    for sentence in (change_summary(review), preexisting_summary(review)):
        if sentence:
            out.extend(_wrapped(sentence, width, indent=0, hang=2, style="dim"))
    fixed = fixed_summary(review)
    if fixed:
        out.append(Text(fixed[0], style="green"))
        for line in fixed[1:]:
            out.extend(_wrapped(line, width, indent=2, hang=2, style="green"))
    return out


def _header(review: Review) -> Text:
    result = review.result
    seconds = f"{result.duration_s:.2f} s"
    facts = (f"{plural(len(result.files_scanned), 'file')}, {plural(result.lines_scanned, 'line')} · {seconds}")
    return Text.assemble((f"pillarscan {review.version}", "bold"),
                         f" · security review of {describe_targets(result.targets)} · {facts}")


def _pillar_line(account: PillarAccount, width: int) -> Text:
    left = f"CWE-{account.cwe:<5}{account.name} "
    right = f" {account.verdict}"
    dots = "." * max(3, width - len(left) - len(right))
    style = {"findings": "bold red", "clean": "green", "not-checked": "yellow", "not-reviewed": "yellow"}[account.status]
    return Text.assemble((left, "bold"), (dots, "dim"), (right, style))


def _finding_lines(finding: Finding, width: int) -> list[Text]:
    pad = " " * DETAIL_INDENT
    loc = finding.location
    lines = [
        Text.assemble("  ", (f"{str(finding.severity).upper():<8}", SEVERITY_STYLE[finding.severity]), " ",
                      (f"CWE-{finding.cwe} {cwe_name(finding.cwe)}", "bold")),
        Text.assemble(pad, (f"{loc.path}:{loc.line}", "bold cyan"),
                      (f" · confidence {finding.confidence} · rule {finding.rule_id}", "dim")),
    ]
    if finding.snippet:
        lines.append(Text.assemble(pad, (f"{loc.line} │ ", "dim"), finding.snippet))
    lines.extend(_wrapped(finding.message, width, indent=DETAIL_INDENT))
    if finding.trace:
        lines.append(Text(pad + "Data flow:"))
        labels = [f"{step.location.path}:{step.location.line}" for step in finding.trace]
        codes = [_shorten(step.code) for step in finding.trace]
        label_w = max(len(label) for label in labels)
        code_w = max(len(code) for code in codes)
        for step, label, code in zip(finding.trace, labels, codes):
            note = f"  ({step.note})" if step.note else ""
            lines.append(Text.assemble(pad, "  ", (label.ljust(label_w), "cyan"), "  ", code.ljust(code_w),
                                       (note, "dim")))
    if finding.fix:
        fix_lines = _wrapped("Fix: " + finding.fix, width, indent=DETAIL_INDENT, hang=5)
        fix_lines[0] = Text.assemble(pad, ("Fix:", "bold green"), fix_lines[0].plain[DETAIL_INDENT + 4:])
        lines.extend(fix_lines)
    return lines


def _shorten(code: str) -> str:
    code = " ".join(code.split())
    return code if len(code) <= TRACE_CODE_MAX else code[: TRACE_CODE_MAX - 1] + "…"


def _wrapped(text: str, width: int, *, indent: int, hang: int = 0, style: str = "") -> list[Text]:
    pad = " " * indent
    wrapped = textwrap.wrap(text, width=max(width - indent, 30), subsequent_indent=" " * hang,
                            break_long_words=False, break_on_hyphens=False) or [""]
    return [Text(pad + line, style=style) for line in wrapped]


def _describe(diag: Diagnostic) -> str:
    where = f":{diag.line}" if diag.line else ""
    return f"{diag.path}{where}: {diag.reason}"


def _diagnostic_block(label: str, diags: list[Diagnostic], width: int, verbose: bool, noun: str) -> list[Text]:
    if not diags:
        return []
    return _listing(label, [_describe(d) for d in diags], width, verbose, noun=noun)


def _listing(label: str, items: list[str], width: int, verbose: bool, noun: str) -> list[Text]:
    """One item: a single line "Skipped: 1 file (why)."; several: a count, then one indented line each."""
    count = plural(len(items), noun) if noun == "file" else ""
    if len(items) == 1:
        inner = f"{count} ({items[0]})" if count else items[0]
        return _wrapped(f"{label}: {inner}.", width, indent=0, hang=2, style="yellow")
    shown = items if verbose else items[:SKIPPED_SHOWN]
    head = f"{label}: {count or plural(len(items), noun)}"
    out = [Text(head, style="yellow")]
    for item in shown:
        out.extend(_wrapped(item, width, indent=2, hang=2, style="yellow"))
    if len(shown) < len(items):
        out.append(Text(f"  … and {len(items) - len(shown)} more (--verbose or --format json lists them all)",
                        style="yellow"))
    return out
