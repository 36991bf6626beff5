"""Reports: each module turns one finished review into one format; this module is the single way in.

Why a ``Review`` wrapper rather than the bare ``ScanResult``: a report also needs facts that belong to the run,
not to the analysis — which rules were active (SARIF lists them all), how many findings a baseline hid, warnings
raised while reading configuration — and reporters must never reach back into the engine to find them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import __version__
from ..findings import Confidence, ScanResult, Severity
from ..rules.registry import Rule

FORMATS = ("text", "json", "sarif", "markdown")


@dataclass
class Review:
    """One finished review and the context a report needs to describe it honestly."""

    result: ScanResult
    rules: list[Rule]
    version: str = __version__
    baselined: int = 0
    baseline_fixed: int = 0  # recorded findings this review looked for and no longer found
    baseline_path: str | None = None
    notes: list[str] = field(default_factory=list)  # run-level warnings (configuration, baseline), plain sentences
    verbose: bool = False
    min_severity: Severity = Severity.LOW
    min_confidence: Confidence = Confidence.LOW
    source_root: str | None = None  # folder SARIF paths are relative to; None: the repository root above cwd


def render(fmt: str, review: Review, *, color: bool = False, width: int = 100) -> str:
    """The report as text; ``color`` only matters for the text format (ANSI styles for a terminal)."""
    if fmt == "text":
        from .text import render_text

        return render_text(review, color=color, width=width)
    if fmt == "json":
        from .json_report import render_json

        return render_json(review)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(review)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(review)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Review", "render"]
