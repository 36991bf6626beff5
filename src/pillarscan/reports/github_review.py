"""The body of a GitHub "create a review for a pull request" call (POST /repos/{owner}/{repo}/pulls/{n}/reviews).

Shape: ``{"event": "COMMENT", "body": <Markdown summary>, "comments": [{"path", "line", "side": "RIGHT",
"body"}, ...]}``, with ``start_line``/``start_side`` when a comment spans several lines. Comments are anchored by
file line on the new side (not the deprecated diff ``position``) and only on lines the pull request's diff
shows, which GitHub requires; a finding that cannot be anchored goes into the summary body instead. The event is
COMMENT, never REQUEST_CHANGES: the exit code (and a required status check) is the gate, the review is the
explanation. Outside a change review (``scan --format github-review``) there are no lines to anchor to, so every
finding is in the body. (``--format github`` is the other GitHub format: workflow-command annotations, github.py.)

Post it with ``gh api repos/OWNER/REPO/pulls/N/reviews --input review.json`` (docs/review.md).
"""

from __future__ import annotations

import json
from typing import Any

from .. import cwe
from ..findings import Finding
from . import Review
from .anchors import Anchor, place_findings
from .markdown import _code, _escape, change_block, explanation, finding_block, llm_block, pillar_table
from .summary import describe_targets, verdict

BODY_LIMIT = 60_000  # GitHub rejects bodies over 65,536 characters; keep room for the closing note


def render_github_review(review: Review) -> str:
    return json.dumps(github_review(review), indent=2, ensure_ascii=False) + "\n"


def github_review(review: Review) -> dict[str, Any]:
    comments: list[dict[str, Any]] = []
    placed, unanchored = place_findings(review.new_findings, review.change, lines="diff")
    for finding, place in placed:
        comment: dict[str, Any] = {"path": place.path, "line": place.line, "side": "RIGHT",
                                   "body": comment_body(finding, place, review.llm)}
        if place.start_line is not None:
            comment["start_line"] = place.start_line
            comment["start_side"] = "RIGHT"
        comments.append(comment)
    return {"event": "COMMENT", "body": _body(review, unanchored, len(comments)), "comments": comments}


def comment_body(finding: Finding, place: Anchor | None = None, llm=None) -> str:
    """One finding as a review comment: severity, CWE and pillar, why, the data flow, and the fix."""
    pillar = cwe.pillar_of(finding.cwe)
    lines = [
        f"**{str(finding.severity).upper()} · [CWE-{finding.cwe}]({_cwe_url(finding.cwe)}) "
        f"{_escape(cwe.name(finding.cwe))}**",
        "",
        f"Pillar [CWE-{pillar}]({_cwe_url(pillar)}) {_escape(cwe.PILLARS.get(pillar, cwe.name(pillar)))} · "
        f"rule {_code(finding.rule_id)} · confidence {finding.confidence}",
        "",
    ]
    if place is not None and not place.at_sink:
        where = f"{finding.location.path}:{finding.location.line}"
        lines += [f"This change feeds the flow below; the sink is at {_code(where)}: {_code(finding.snippet)}", ""]
    return "\n".join(lines + explanation(finding, llm))


def _body(review: Review, unanchored: list[Finding], anchored: int) -> str:
    title = review.change.description if review.change is not None else describe_targets(review.result.targets)
    out = [f"### pillarscan {review.version}: security review of {_code(title)}", "",
           f"**Verdict:** {_escape(verdict(review))}", ""]
    out += pillar_table(review)
    out += change_block(review)
    out += llm_block(review)
    if anchored:
        out += ["", f"{anchored} inline comment{'s' if anchored != 1 else ''} on the changed lines."]
    if unanchored:
        out += ["", "#### Findings without a line in this diff" if review.change is not None else "#### Findings"]
        for finding in unanchored:
            out += [""] + finding_block(finding, review.llm)
    skipped = review.result.skipped
    if skipped:
        out += ["", "#### Not reviewed", ""] + [f"- {_code(d.path)}: {_escape(d.reason)}" for d in skipped]
    text = "\n".join(out) + "\n"
    if len(text) > BODY_LIMIT:
        text = text[:BODY_LIMIT].rsplit("\n", 1)[0] + "\n\n… (cut to fit GitHub's size limit; the SARIF or JSON " \
               "report has everything)\n"
    return text


def _cwe_url(cwe_id: int) -> str:
    return f"https://cwe.mitre.org/data/definitions/{cwe_id}.html"
