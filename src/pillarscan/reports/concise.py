"""One line per finding, ``path:line:col: RULE [CWE-N] message``, for editors, grep and problem matchers.

The shape is the one compilers and ruff's ``concise`` format use, so an editor's or CI's existing patterns read
it (docs/configuration.md has a problem matcher for VS Code and GitHub). Lines are 1-based and columns 1-based
in characters. Files that could not be analysed follow as ``path: not analysed: why`` lines — a shape the
finding pattern does not match — and the verdict comes last, so a reader of the log still learns what was not
looked at and what the run concluded.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding
from . import Review
from .places import LineSource, display_path
from .safe_text import visible
from .sarif import default_source_root
from .summary import verdict


def render_concise(review: Review) -> str:
    root = None if review.change is None else Path(review.source_root or default_source_root()).resolve()
    lines = LineSource(root, clean=visible)
    out = [finding_line(finding, lines, review.llm) for finding in sorted(review.result.findings, key=by_place)]
    out += [f"{display_path(d.path)}: not analysed: {' '.join(d.reason.split())}" for d in review.result.skipped]
    if review.llm is not None:  # a line the finding pattern does not match, as the skipped files' lines
        from .llm_report import summary_sentence

        out.append(summary_sentence(review.llm))
    out.append(f"Verdict: {verdict(review)}")
    return "\n".join(out) + "\n"


def finding_line(finding: Finding, lines: LineSource, llm=None) -> str:
    loc = finding.location
    span = lines.span(loc, finding.snippet)
    column = span.start_column or 1
    text = f"{display_path(loc.path)}:{loc.line}:{column}: {finding.rule_id} [CWE-{finding.cwe}] " \
           f"{' '.join(finding.message.split())}"
    if llm is not None:
        from .llm_report import verdict_sentence

        said = verdict_sentence(llm, finding, rationale=False)
        if said:
            text += f" [{said}]"
    return text


def by_place(finding: Finding) -> tuple:
    """File order, as compilers and linters list their messages."""
    loc = finding.location
    return (loc.path, loc.line, loc.column, finding.rule_id, finding.cwe)
