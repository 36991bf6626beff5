"""GitHub Actions workflow commands: one ``::error file=…,line=…::message`` line per finding, which the runner
turns into annotations on the pull request's files and the run's summary (as ``ruff --output-format github``
does). The pull-request review body this format used to write is ``--format github-review`` (github_review.py).

Levels follow SARIF's mapping: critical and high are ``error``, medium ``warning``, low ``notice``. Paths are
relative to the repository root, which is what the runner links annotations by; columns count characters.
Everything the reviewed code wrote (paths, code, messages that quote it) is escaped by GitHub's rules — ``%``,
CR and LF in the message, and also ``:`` and ``,`` in properties — after safe_text has shown control characters
as escapes, so no file name or code line can end the command early or start another one (``::add-mask::``,
``::stop-commands::``). Files that were not analysed are ``notice`` annotations (a change's README is one: a warning on each would
be noise); the verdict ends the log.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, Severity
from . import Review
from .concise import by_place
from .places import LineSource, repository_path
from .safe_text import visible
from .sarif import default_source_root
from .summary import verdict

LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}


def render_github(review: Review) -> str:
    root = Path(review.source_root or default_source_root()).resolve()
    rooted = review.change is not None
    lines = LineSource(root if rooted else None, clean=visible)
    out = [annotation(finding, root, rooted, lines, review.llm)
           for finding in sorted(review.result.findings, key=by_place)]
    for diag in review.result.skipped:
        where = {"file": repository_path(diag.path, root, rooted), "title": "pillarscan: file not analysed"}
        if diag.line:
            where["line"] = str(diag.line)
        out.append(command("notice", where, f"Not analysed: {diag.reason}"))
    if review.llm is not None:  # plain log lines, not commands: what was sent where, and what hide moved aside
        from .llm_report import dismissed_lines, summary_sentence

        out += [f"pillarscan: {escape_data(line)}" for line in [summary_sentence(review.llm)] + [
            f"dismissed by the LLM: {line}" for line in dismissed_lines(review.llm)]]
    out.append(f"pillarscan: {escape_data(verdict(review))}")
    return "\n".join(out) + "\n"


def annotation(finding: Finding, root: Path, rooted: bool, lines: LineSource, llm=None) -> str:
    loc = finding.location
    span = lines.span(loc, finding.snippet)
    props = {"file": repository_path(loc.path, root, rooted), "line": str(span.start_line)}
    if span.end_line != span.start_line:
        props["endLine"] = str(span.end_line)
    if span.start_column is not None:
        props["col"] = str(span.start_column)
        if span.end_column is not None and span.end_line == span.start_line:
            props["endColumn"] = str(span.end_column)  # GitHub reads endColumn only on one-line annotations
    props["title"] = f"{finding.rule_id} [CWE-{finding.cwe}] ({finding.severity}, confidence {finding.confidence})"
    body = [" ".join(finding.message.split())]
    if finding.trace:
        body.append("Data flow: " + " → ".join(f"{repository_path(s.location.path, root, rooted)}:{s.location.line}"
                                               for s in finding.trace))
    if finding.fix:
        body.append("Fix: " + " ".join(finding.fix.split()))
    if llm is not None:
        from .llm_report import verdict_sentence

        said = verdict_sentence(llm, finding)
        if said:
            body.append(" ".join(said.split()))
    return command(LEVEL[finding.severity], props, "\n".join(body))


def command(level: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """GitHub's escaping of a command's message (toolkit's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping of a property value (toolkit's escapeProperty): the message's, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
