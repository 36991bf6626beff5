"""Reports: each module turns one finished review into one format; this module is the single way in.

Why a ``Review`` wrapper rather than the bare ``ScanResult``: a report also needs facts that belong to the run,
not to the analysis — which rules were active (SARIF lists them all), how many findings a baseline hid, warnings
raised while reading configuration — and reporters must never reach back into the engine to find them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from .. import __version__
from ..findings import Confidence, Finding, ScanResult, Severity
from ..rules.registry import Rule

_RENDERERS = {  # format -> (module of this package, its render function)
    "text": ("text", "render_text"),
    "json": ("json_report", "render_json"),
    "sarif": ("sarif", "render_sarif"),
    "markdown": ("markdown", "render_markdown"),
    "concise": ("concise", "render_concise"),
    "github": ("github", "render_github"),
    "github-review": ("github_review", "render_github_review"),
    "gerrit": ("gerrit", "render_gerrit"),
    "gitlab": ("gitlab", "render_gitlab"),
    "html": ("html", "render_html"),
}
FORMATS = tuple(_RENDERERS)
MACHINE_FORMATS = frozenset({"json", "sarif"})  # their syntax escapes control characters itself


@dataclass
class ChangeScope:
    """What the review of a change looked at, so every format can scope its report to the change.

    Paths are repository-relative (what review comments are anchored to). ``result.findings`` of the review
    holds the findings the change introduces (plus the pre-existing ones when ``show_all``), and these fields
    hold what a change review adds: the lines it touched and the findings it left alone or removed."""

    description: str  # "HEAD~1..HEAD", "staged changes", "working tree", "patch fix.diff"
    base: str | None = None  # commit ids when the sides are commits
    head: str | None = None
    files: list[str] = field(default_factory=list)  # touched Python files reviewed on the new side
    deleted: list[str] = field(default_factory=list)  # Python files the change deletes
    renamed: dict[str, str] = field(default_factory=dict)  # new path → old path
    changed_lines: dict[str, frozenset[int]] = field(default_factory=dict)  # new-side lines added or rewritten
    diff_lines: dict[str, frozenset[int]] = field(default_factory=dict)  # new-side lines a hunk shows
    context_files: list[str] = field(default_factory=list)  # imported modules analysed only for their flows
    preexisting: list[Finding] = field(default_factory=list)  # in touched files, not on a changed line
    fixed: list[Finding] = field(default_factory=list)  # at the base, gone after the change (base locations)
    show_all: bool = False  # --all: pre-existing findings are in result.findings too

    def is_new(self, finding: Finding) -> bool:
        return finding not in set(self.preexisting)


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
    change: ChangeScope | None = None  # set by `pillarscan review`: the report describes a change
    hidden: list[Finding] = field(default_factory=list)  # found, but below min_severity / min_confidence
    llm: object | None = None  # llm.layer.LlmOutcome when --llm ran (reports read it through llm_report)

    @property
    def new_findings(self) -> list[Finding]:
        """What the exit code and the review comments are about: all findings, or in a change review the ones
        the change introduces."""
        if self.change is None:
            return list(self.result.findings)
        return [f for f in self.result.findings if self.change.is_new(f)]


def render(fmt: str, review: Review, *, color: bool = False, width: int = 100) -> str:
    """The report as text; ``color`` only matters for the text format (ANSI styles for a terminal). Each
    reporter is imported when asked for, so a run pays only for the format it writes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    module, function = _RENDERERS[fmt]
    renderer = getattr(import_module(f".{module}", __name__), function)
    from .safe_text import encodable, neutralised, visible

    # Text from the reviewed tree cannot forge a report: see safe_text.
    review = neutralised(review, encodable if fmt in MACHINE_FORMATS else visible)
    return renderer(review, color=color, width=width) if fmt == "text" else renderer(review)


__all__ = ["FORMATS", "ChangeScope", "Review", "render"]
