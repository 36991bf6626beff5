"""The optional grounded LLM layer (``--llm``): triage of static findings and review of entry points over an
OpenAI-compatible endpoint. The model only judges and proposes; ``validate.py`` decides what becomes a finding,
and nothing a model says removes a static finding unless the user asked for ``--llm-triage=hide``.

Nothing outside this package imports it unless the layer is enabled (see docs/llm.md).
"""

from __future__ import annotations

from ..findings import Confidence, Severity
from ..rules.registry import Rule
from .validate import LLM_RULE_ID

LLM_RULE = Rule(
    id=LLM_RULE_ID, cwe=710, severity=Severity.MEDIUM, confidence=Confidence.MEDIUM,
    title="(LLM) Defect proposed by the model and checked against the code",
    message="The model reviewing this entry point reported a defect; pillarscan checked that the quoted code is "
            "at this line and that the CWE exists, not that the defect is real.",
    fix="Read the reason given, confirm or refute it in the code, and fix or suppress it.",
    tags=("llm",),
)
