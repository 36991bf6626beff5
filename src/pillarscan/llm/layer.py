"""The layer's one entry: triage the static findings, review the entry points, validate, and account for it.

It sits beside the analysis, never inside it: it receives findings and file names, returns the findings to
report (the static ones are all kept unless ``--llm-triage=hide`` moves a false positive aside) and an
``LlmOutcome`` saying what was sent where. A failing or hostile endpoint costs answers, never the review.
In a change review (``ChangeFocus``) it asks only about what the change introduces (see that class).
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Optional

from ..findings import Finding
from . import review, triage
from .answers import json_object
from .cache import AnswerCache, prompt_digest
from .client import API_KEY_ENV, BudgetExhausted, ChatClient, RequestFailed
from .context import SourceView
from .triage import Verdict
from .validate import LLM_RULE_ID, candidates_of, validate

TRIAGE_MODES = ("annotate", "hide", "off")
TRIAGE_MAX_TOKENS = 400  # a verdict's bounded strings fit; a model that rambles is cut, its answer then unusable
REVIEW_MAX_TOKENS = 800


@dataclass
class LlmSettings:
    url: str = "http://127.0.0.1:8080/v1"
    model: str = "default"
    budget: int = 200  # HTTP requests per run, retries included
    triage: str = "annotate"  # annotate: attach verdicts; hide: also move false positives aside; off: no triage
    review: bool = True  # review entry points for candidates
    concurrency: int = 4
    timeout_s: float = 120.0
    retries: int = 3
    cache_dir: str | None = None  # None: the user's cache home; "": no cache


@dataclass(frozen=True)
class ChangeFocus:
    """A change review's limits: triage only the findings the change introduces (not the pre-existing ones
    ``--all`` shows), review only the entry points whose handler or call chain (callees in other modules
    included) has a changed line, and report a candidate only on a changed line, as a static finding is new
    only there. ``read`` gives the new side's files (a commit, the index, a patch), not the disk's."""

    changed_lines: Mapping[str, frozenset[int]]
    preexisting: frozenset[Finding] = frozenset()
    handlers: tuple[tuple[str, int], ...] = ()  # (file, def line) of the routes in the inventory
    read: Optional[Callable[[str], Optional[bytes]]] = None

    def on_changed_line(self, finding: Finding) -> bool:
        return finding.location.line in self.changed_lines.get(finding.location.path, ())


@dataclass
class LlmOutcome:
    """What the layer did, for every report: where code was sent, how much, and what came back."""

    model: str
    endpoint: str  # host[:port] only
    triage_mode: str
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    answers_from_cache: int = 0
    questions: int = 0
    unanswered: int = 0  # failed requests, unusable answers, or questions left when the budget ran out
    entry_points: int = 0  # entry points reviewed (in a change review: those the change touches)
    redactions: int = 0
    budget_spent: bool = False
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # finding fingerprint → verdict
    accepted: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # reason → candidates the validator refused
    dismissed: list[Finding] = field(default_factory=list)  # --llm-triage=hide: false positives moved aside

    def verdict_of(self, finding: Finding) -> Verdict | None:
        return self.verdicts.get(finding.fingerprint)


def run_layer(findings: list[Finding], files: list[str], settings: LlmSettings,
              transport=None, focus: ChangeFocus | None = None) -> tuple[list[Finding], LlmOutcome]:
    client = ChatClient(settings.url, settings.model, os.environ.get(API_KEY_ENV) or None, budget=settings.budget,
                        timeout_s=settings.timeout_s, retries=settings.retries, transport=transport)
    cache = AnswerCache(settings.cache_dir) if settings.cache_dir != "" else None
    outcome = LlmOutcome(settings.model, client.host, settings.triage)
    view = SourceView(reader=focus.read if focus is not None else None)
    try:
        kept = _triage(findings, settings, client, cache, view, outcome, focus)
        if settings.review:
            kept = _review(kept, files, settings, client, cache, view, outcome, focus)
    finally:
        client.close()
    outcome.requests, outcome.prompt_tokens = client.requests, client.prompt_tokens
    outcome.completion_tokens, outcome.redactions = client.completion_tokens, view.redactions
    outcome.answers_from_cache = cache.hits if cache else 0
    return sorted(kept, key=Finding.sort_key), outcome


def _ask_all(questions: list[list[dict]], parse, settings: LlmSettings, client: ChatClient,
             cache: AnswerCache | None, outcome: LlmOutcome, max_tokens: int) -> list:
    """Each question's parsed answer (None where there is none), in order; answers that parse are cached."""
    outcome.questions += len(questions)

    def ask(messages: list[dict]):
        digest = prompt_digest(client.model, messages)
        text = cache.get(digest) if cache else None
        if text is not None:
            return parse(text)
        if outcome.budget_spent:
            return None
        try:
            text = client.complete(messages, max_tokens=max_tokens).text
        except BudgetExhausted:
            outcome.budget_spent = True
            return None
        except RequestFailed:
            return None
        parsed = parse(text)
        if parsed is not None and cache:
            cache.put(digest, client.model, text)
        return parsed

    with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
        answers = list(pool.map(ask, questions))
    outcome.unanswered += sum(1 for a in answers if a is None)
    return answers


def _triage(findings, settings, client, cache, view, outcome, focus=None) -> list[Finding]:
    asked = [f for f in findings if focus is None or f not in focus.preexisting]
    if settings.triage == "off" or not asked:
        return list(findings)
    verdicts = _ask_all([triage.question(f, view) for f in asked], triage.parse_verdict, settings, client,
                        cache, outcome, TRIAGE_MAX_TOKENS)
    kept = [f for f in findings if focus is not None and f in focus.preexisting]
    for finding, verdict in zip(asked, verdicts):
        if verdict is not None:
            outcome.verdicts[finding.fingerprint] = verdict
        if settings.triage == "hide" and verdict is not None and verdict.verdict == "fp" and triage.may_hide(finding):
            outcome.dismissed.append(finding)
        else:
            kept.append(finding)
    return kept


def _review(findings, files, settings, client, cache, view, outcome, focus=None) -> list[Finding]:
    if focus is None:
        entries = review.entry_points(files, view)
        known = list(findings)
    else:
        entries = [e for e in review.entry_points(files, view, focus.handlers, across_modules=True)
                   if review.touches(e, focus.changed_lines)]
        known = list(findings) + [f for f in focus.preexisting if f not in set(findings)]
    outcome.entry_points = len(entries)
    questions = [review.question(e, known, view) for e in entries]
    answers = _ask_all(questions, lambda text: candidates_of(json_object(text)), settings, client, cache, outcome,
                       REVIEW_MAX_TOKENS)
    dropped: Counter = Counter()
    kept = list(findings)
    for entry, candidates in zip(entries, answers):
        if not candidates:
            continue
        shown = {path for path, _, _ in entry.spans}
        checked = validate(candidates, shown, known, view, dropped)
        for twin in checked.merged:
            before = outcome.verdicts.get(twin.fingerprint) or Verdict("", "", "", "")
            outcome.verdicts[twin.fingerprint] = replace(before, also_reported=True)
        accepted = checked.accepted
        if focus is not None:  # a defect the change did not write is not this review's to report
            accepted = [f for f in accepted if focus.on_changed_line(f)]
            if len(accepted) < len(checked.accepted):
                dropped["outside the change"] += len(checked.accepted) - len(accepted)
        kept += accepted
        known += accepted
        outcome.accepted += len(accepted)
    outcome.dropped = dict(sorted(dropped.items()))
    return kept


def is_llm_finding(finding: Finding) -> bool:
    return finding.rule_id == LLM_RULE_ID
