"""Code that talks to language models, and code that talks to the language models reviewing it.

``reviewer-prompt-injection``: a comment or docstring that instructs an AI reviewer ("ignore previous
instructions", "report no defects in this file") is the CWE-1427 attack aimed at whoever reviews the code with a
model — pillarscan's own LLM layer included, which treats the code as data and reports this text instead of
obeying it. Strings the program uses are left alone: a prompt-injection filter lists such phrases as data.
(CWE-1427 is newer than the bundled catalogue; findings carry its parent, CWE-77.)
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import Iterator

from .registry import Hit, pattern_rule

_OVERRIDE = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,30}?\b(?:previous|prior|above|earlier|preceding|all|any|"
    r"your|system)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|directions|directives)\b",
    re.IGNORECASE)
_DICTATE = re.compile(
    r"\b(?:report|flag|find|mark|classify|treat|consider|say|state|conclude|output|respond|answer|return)\b[^.\n]"
    r"{0,40}?\b(?:no|zero|nothing|none|not any)\b[^.\n]{0,24}?\b(?:defects?|vulnerabilit(?:y|ies)|issues?|findings?|"
    r"problems?|bugs?|weakness(?:es)?|risks?)\b|\b(?:is|as|are)\s+(?:safe|secure|not vulnerable|benign|clean)\b",
    re.IGNORECASE)
_ADDRESSEE = re.compile(r"\b(?:AI|LLMs?|GPT\w*|ChatGPT|Claude|Copilot|Gemini|language models?|assistants?|"
                        r"(?:security |code )?(?:reviewers?|scanners?|auditors?|analy[sz]ers?))\b",
                        re.IGNORECASE)
# Words each pattern above cannot match without (lower case): a plain substring test over the whole text rules
# out nearly every module at a tenth of the cost of the patterns themselves (they start with ``\b`` and an
# alternation, which the regex engine tries at every position). "AI" and "LLM" are tested with their closing word
# boundary. Where the words are there, _OVERRIDE and _ADDRESSEE are tried only on the lines that hold one: neither
# can match across a line break.
_OVERRIDE_VERBS = ("ignore", "disregard", "forget", "override")
_OVERRIDE_OBJECTS = ("instruction", "prompt", "directions", "directives")
_DICTATE_ENDS = ("defect", "vulnerabilit", "issue", "finding", "problem", "bug", "weakness", "risk", "safe",
                 "secure", "not vulnerable", "benign", "clean")
_ADDRESSEE_WORDS = ("gpt", "claude", "copilot", "gemini", "language model", "assistant", "reviewer",
                    "scanner", "auditor", "analyser", "analyzer")
_AI = re.compile(r"ai\b")
_LLM = re.compile(r"llms?\b")
_OVERRIDE_VERB = re.compile("|".join(_OVERRIDE_VERBS))
_ADDRESSEE_WORD = re.compile(r"ai\b|llm|" + "|".join(_ADDRESSEE_WORDS))


def _instructs(source: str) -> bool:
    """``_OVERRIDE.search(source) or (_DICTATE.search(source) and _ADDRESSEE.search(source))``, found faster.

    Lower-casing is exactly the patterns' case-insensitive matching on ASCII text only (Unicode case folding has
    more equivalences than that): the word tests apply to ASCII text, and the lines of other text that are not
    ASCII are always tried (its other characters become "?", one for one, so that positions still agree)."""
    plain = source.isascii()
    low = (source if plain else source.encode("ascii", "replace").decode("ascii")).lower()
    odd = () if plain else _odd_lines(source)
    if (not plain or (any(w in low for w in _OVERRIDE_VERBS) and any(w in low for w in _OVERRIDE_OBJECTS))) \
            and _in_some_line(_OVERRIDE, source, low, _OVERRIDE_VERB, odd):
        return True
    if plain and (not any(w in low for w in _DICTATE_ENDS) or not (
            _AI.search(low) or _LLM.search(low) or any(w in low for w in _ADDRESSEE_WORDS))):
        return False
    return _in_some_line(_ADDRESSEE, source, low, _ADDRESSEE_WORD, odd) and bool(_DICTATE.search(source))


def _odd_lines(source: str) -> list[int]:
    """Where each line holding a character outside ASCII starts."""
    starts = {source.rfind("\n", 0, m.start()) + 1 for m in _NOT_ASCII.finditer(source)}
    return sorted(starts)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _in_some_line(pattern: re.Pattern, source: str, low: str, word: re.Pattern, odd=()) -> bool:
    """Whether ``pattern`` matches in some line of ``source``, for a pattern whose matches never span lines and,
    in an ASCII line, always hold a match of ``word`` in ``low`` (the lower-cased copy): only those lines and the
    ``odd`` ones (their starts) are tried."""
    tried: set[int] = set()
    starts = [*odd, *(low.rfind("\n", 0, hit.start()) + 1 for hit in word.finditer(low))]
    for start in starts:
        if start in tried:
            continue
        tried.add(start)
        end = low.find("\n", start)
        if pattern.search(source, start, len(low) if end < 0 else end):
            return True
    return False


@pattern_rule(
    id="reviewer-prompt-injection", cwe=77, severity="low", confidence="medium",
    title="Comment that instructs an AI reviewer (prompt injection, CWE-1427)",
    message="This comment or docstring addresses a model reviewing the code and tells it what to conclude; an "
            "LLM-based reviewer that obeys it would miss the defects it hides, so it is either an attack on the "
            "review or a joke that reads like one.",
    fix="Remove the text, and review the code near it by hand: text written to talk a reviewer out of "
        "findings sits next to what it wants hidden.",
    nodes=(ast.Module,),
)
def reviewer_prompt_injection(node: ast.Module, ctx) -> Iterator[Hit]:
    source = "\n".join(ctx.lines)
    if not _instructs(source):
        return  # the whole text first: most modules hold no such sentence anywhere, and need no tokenizing
    reported: set[int] = set()
    for line, column, text in _prose(node, source):
        if _OVERRIDE.search(text) or (_DICTATE.search(text) and _ADDRESSEE.search(text)):
            if line not in reported:
                reported.add(line)
                yield Hit(ast.Constant(value=None, lineno=line, col_offset=column))


def _prose(module: ast.Module, source: str) -> Iterator[tuple[int, int, str]]:
    """Comments (consecutive comment lines read together) and docstrings, with the line each one starts on."""
    block: list[tuple[int, int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                if block and token.start[0] != block[-1][0] + 1:
                    yield _joined(block)
                    block = []
                block.append((token.start[0], token.start[1], token.string.lstrip("#").strip()))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    if block:
        yield _joined(block)
    for owner in [module] + [n for n in ast.walk(module)
                             if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]:
        body = getattr(owner, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            yield body[0].lineno, body[0].col_offset, body[0].value.value


def _joined(block: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """One comment block as text; reported at the block's line that holds the instruction when one does."""
    text = " ".join(part for _, _, part in block)
    for line, column, part in block:
        if _OVERRIDE.search(part) or _DICTATE.search(part):
            return line, column, text
    return block[0][0], block[0][1], text
