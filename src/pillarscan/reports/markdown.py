"""The Markdown report: the pillar table and the findings, ready to paste into a pull-request comment.

Everything that comes from the reviewed code (snippets, trace code, paths) goes into code spans or fenced
blocks, and prose from rules is escaped, so nothing in the reviewed code can inject Markdown into the comment.
"""

from __future__ import annotations

import re

from ..findings import Finding
from . import Review
from .summary import (change_summary, cwe_name, describe_targets, fixed_summary, pillar_accounts, plural,
                      preexisting_summary, verdict)


def render_markdown(review: Review) -> str:
    result = review.result
    out: list[str] = [
        f"## pillarscan {review.version}: security review of {_code(describe_targets(result.targets))}",
        "",
        f"{plural(len(result.files_scanned), 'file')}, {plural(result.lines_scanned, 'line')} reviewed "
        f"in {result.duration_s:.2f} s.",
        "",
        f"**Verdict:** {_escape(verdict(review))}",
        "",
    ]
    out += pillar_table(review)
    out += change_block(review)
    out += llm_block(review)
    accounts = pillar_accounts(review)
    if review.baselined or review.baseline_fixed:
        fixed = f"; {plural(review.baseline_fixed, 'recorded finding')} now fixed" \
            if review.baseline_fixed else ""
        out += ["", f"{plural(review.baselined, 'known finding')} hidden by the baseline{fixed}."]
    for account in accounts:
        if not account.findings:
            continue
        out += ["", f"### CWE-{account.cwe} {_escape(account.name)}"]
        for finding in account.findings:
            out += [""] + finding_block(finding, review.llm)
            if review.change is not None and not review.change.is_new(finding):
                out += ["", "*Pre-existing: touches no line of this change.*"]
    if result.skipped:
        out += ["", f"### Not analysed ({plural(len(result.skipped), 'file')})", ""]
        out += [f"- {_code(d.path + (f':{d.line}' if d.line else ''))}: {_escape(d.reason)}" for d in result.skipped]
    warnings = [f"{_code(d.path)}: {_escape(d.reason)}" for d in result.diagnostics if d.kind != "skipped"]
    warnings += [_escape(note) for note in review.notes]
    if warnings:
        out += ["", "### Warnings", ""] + [f"- {w}" for w in warnings]
    return "\n".join(out) + "\n"


def pillar_table(review: Review) -> list[str]:
    """The ten pillars as a Markdown table: verdict mark, result and number of checks."""
    out = ["| Pillar | | Result | Checks |", "|---|---|---|---:|"]
    for account in pillar_accounts(review):
        mark = {"findings": "❌", "clean": "✅", "not-checked": "⚠️", "not-reviewed": "⚠️"}[account.status]
        result_text = plural(len(account.findings), "finding") if account.findings else (
            "not reviewed" if account.status == "not-reviewed" else
            "no defect found" if account.checks else "not checked")
        out.append(f"| CWE-{account.cwe} | {_cell(account.name)} | {mark} {result_text} | {len(account.checks)} |")
    return out


def change_block(review: Review) -> list[str]:
    """In a change review: what was compared, the pre-existing count, and the findings the change fixed."""
    out: list[str] = []
    for sentence in (change_summary(review), preexisting_summary(review)):
        if sentence:
            out += ["", _escape(sentence)]
    fixed = fixed_summary(review)
    if fixed:
        out += ["", f"**Fixed:** {_escape(fixed[0])}", ""]
        out += [f"- {_escape(line)}" for line in fixed[1:]]
    return out


def llm_block(review: Review) -> list[str]:
    """When --llm ran: what was sent where, and the findings --llm-triage=hide moved aside."""
    if review.llm is None:
        return []
    from .llm_report import dismissed_lines, summary_sentence

    out = ["", f"*{_escape(summary_sentence(review.llm))}*"]
    dismissed = dismissed_lines(review.llm)
    if dismissed:
        out += ["", f"**Dismissed by the LLM as false positives ({len(dismissed)}):**", ""]
        out += [f"- {_escape(line)}" for line in dismissed]
    return out


def finding_block(finding: Finding, llm=None) -> list[str]:
    loc = finding.location
    lines = [
        f"#### {str(finding.severity).upper()} · CWE-{finding.cwe} {_escape(cwe_name(finding.cwe))}",
        "",
        f"{_code(f'{loc.path}:{loc.line}')} · confidence {finding.confidence} · rule {_code(finding.rule_id)}",
        "",
    ]
    if finding.snippet:
        lines += _fence(f"{loc.line}  {finding.snippet}") + [""]
    return lines + explanation(finding, llm)


def explanation(finding: Finding, llm=None) -> list[str]:
    """Why it matters, the numbered data flow and the fix: the part of a finding every Markdown surface shows."""
    lines = [_escape(finding.message)]
    if finding.trace:
        lines += ["", "Data flow:", ""]
        for i, step in enumerate(finding.trace, 1):
            note = f" — {_escape(step.note)}" if step.note else ""
            lines.append(f"{i}. {_code(f'{step.location.path}:{step.location.line}')} {_code(step.code)}{note}")
    if finding.fix:
        lines += ["", f"**Fix:** {_escape(finding.fix)}"]
    if llm is not None:
        from .llm_report import verdict_sentence

        said = verdict_sentence(llm, finding)
        if said:
            lines += ["", f"*{_escape(said)}*"]
    return lines


def _escape(text: str) -> str:
    """Escape Markdown and HTML punctuation in prose so it renders as written."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", " ".join(text.split()))


def _cell(text: str) -> str:
    return _escape(text)


def _code(text: str) -> str:
    """An inline code span that survives backticks inside the text (a longer fence, padded with spaces)."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fence(code: str) -> list[str]:
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return [f"{fence}python", code, fence]
