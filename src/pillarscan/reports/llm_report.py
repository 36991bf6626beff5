"""What every report says about the LLM layer when it ran: the account of data sent, and each verdict.

Plain values from ``llm.layer.LlmOutcome`` (read by attribute, so reports never import the layer)."""

from __future__ import annotations

from typing import Any

from ..findings import Finding


def is_llm_finding(finding: Finding) -> bool:
    return finding.rule_id == "llm-review"


def verdict_object(outcome: Any, finding: Finding) -> dict[str, Any] | None:
    verdict = outcome.verdicts.get(finding.fingerprint)
    if verdict is None:
        return None
    return {"model": outcome.model, "verdict": verdict.verdict or None, "exploitability": verdict.exploitability
            or None, "rationale": verdict.rationale, "fix": verdict.fix, "also_reported": verdict.also_reported}


def llm_object(outcome: Any) -> dict[str, Any]:
    return {
        "model": outcome.model,
        "endpoint": outcome.endpoint,
        "triage": outcome.triage_mode,
        "requests": outcome.requests,
        "prompt_tokens": outcome.prompt_tokens,
        "completion_tokens": outcome.completion_tokens,
        "answers_from_cache": outcome.answers_from_cache,
        "questions": outcome.questions,
        "unanswered": outcome.unanswered,
        "budget_spent": outcome.budget_spent,
        "secrets_redacted": outcome.redactions,
        "verdicts": len(outcome.verdicts),
        "candidates_accepted": outcome.accepted,
        "candidates_dropped": dict(outcome.dropped),
        "dismissed": len(outcome.dismissed),
        "entry_points": getattr(outcome, "entry_points", 0),
    }


def summary_sentence(outcome: Any) -> str:
    dropped = sum(outcome.dropped.values())
    tokens = outcome.prompt_tokens + outcome.completion_tokens
    text = (f"LLM ({outcome.model} at {outcome.endpoint}): sent {outcome.requests} request"
            f"{'s' if outcome.requests != 1 else ''} ({tokens} tokens, {outcome.redactions} secrets redacted), "
            f"{outcome.answers_from_cache} answers from cache; {len(outcome.verdicts)} verdicts, "
            f"{getattr(outcome, 'entry_points', 0)} entry points reviewed, "
            f"{outcome.accepted} candidates accepted, {dropped} dropped by validation")
    if outcome.unanswered:
        text += f", {outcome.unanswered} questions unanswered"
    if outcome.budget_spent:
        text += " (request budget spent)"
    return text + "."


def verdict_sentence(outcome: Any, finding: Finding, rationale: bool = True) -> str | None:
    """``LLM (model): false positive, exploitability low — why``; None when the model gave no verdict.
    ``rationale`` False leaves the model's reason out (one-line formats)."""
    verdict = outcome.verdicts.get(finding.fingerprint)
    if verdict is None:
        return None
    words = {"tp": "true positive", "fp": "false positive", "uncertain": "uncertain", "": "no verdict"}
    text = f"LLM ({outcome.model}): {words.get(verdict.verdict, verdict.verdict)}"
    if verdict.exploitability:
        text += f", exploitability {verdict.exploitability}"
    if verdict.also_reported:
        text += "; also found by the entry-point review"
    if verdict.rationale and rationale:
        text += f" — {verdict.rationale}"
    return text


def dismissed_lines(outcome: Any) -> list[str]:
    """One line per finding --llm-triage=hide moved aside: where, what, and the model's reason."""
    out = []
    for finding in outcome.dismissed:
        said = verdict_sentence(outcome, finding) or ""
        out.append(f"{finding.location.path}:{finding.location.line} CWE-{finding.cwe} {finding.rule_id}: {said}")
    return out
