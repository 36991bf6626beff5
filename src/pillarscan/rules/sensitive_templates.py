"""CWE-615 in templates: a credential left in an HTML comment (``<!-- admin:admin -->``,
``<!-- test account: demo / Demo#2024 -->``). An HTML comment is part of the page the server sends, so every
visitor who opens the source reads it; a Jinja ``{# … #}`` or Django ``{% comment %}`` comment is not sent and is
not looked at. Only comment text that reads as a credential counts: a secret-named key with a value
(``password: …``, ``api_key=…``), a vendor key format, or a bare ``user:password`` pair whose user is an account
name (admin, root, test…) or whose password is the user name again. Layout notes (``<!--/.row-->``) and prose
are not credentials. Run by the engine over the tree's templates, after the files.
"""

from __future__ import annotations

import re

from ..cwe import pillar_of
from ..findings import Confidence, Finding, Location, Severity
from .registry import Rule, register
from .secrets import is_fixture_path, is_placeholder, is_reference, is_secret_name, known_format, looks_like_secret
from .secrets_seeded import guessable

RULE = register(Rule(
    id="credential-in-html-comment", cwe=615, severity=Severity.MEDIUM, confidence=Confidence.MEDIUM,
    title="Credential in an HTML comment",
    message="An HTML comment of the template holds what reads as a credential; the comment is sent with the page, "
            "so every visitor who views the source can read it.",
    fix="Remove the credential from the template (and rotate it); keep notes for developers in template comments "
        "that are not sent ({# … #} in Jinja, {% comment %} in Django) and never put credentials in either.",
))

MAX_COMMENT_CHARS = 2000
_CONDITIONAL = re.compile(r"\s*\[(if|endif)\b")  # <!--[if lt IE 9]>: markup for old browsers, not a note
_COMMENT_TAG = re.compile(r"\{%-?\s*comment\b")
_END_COMMENT_TAG = re.compile(r"\{%-?\s*endcomment\b[^%]*%\}")
# overlapping: in "account: password = x" both "account" and "password" are tried as the key
_KEY_VALUE = re.compile(r"""(?<![\w.-])(?=([A-Za-z_][\w.-]{1,40})\s*(?:[:=]|\bis\b)\s*["']?([^\s"',;<>]{3,100}))""")
_PAIR = re.compile(r"""^\s*([\w.@+-]{2,40})\s*[:/]\s*([^\s:/][^\s]{1,63})\s*$""")
_FIELD_LABELS = frozenset({"user", "username", "login", "name", "email"})
_ACCOUNT_NAMES = frozenset({"admin", "administrator", "root", "user", "username", "test", "tester", "guest",
                            "demo", "superuser", "operator", "sa", "sysadmin", "manager", "support", "dev"})


def _spans(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """(start, end) of each ``opening … closing`` span, found with str.find: linear however the text is built
    (an unclosed opening ends the search instead of being retried from every later one)."""
    out, pos = [], 0
    while True:
        start = text.find(opening, pos)
        if start < 0:
            return out
        end = text.find(closing, start + len(opening))
        if end < 0:
            return out
        out.append((start, end + len(closing)))
        pos = end + len(closing)


def _unsent(text: str) -> str:
    """The text with Jinja ``{# #}`` and Django ``{% comment %}`` comments blanked (line breaks kept)."""
    spans = _spans(text, "{#", "#}")
    pos = 0
    while (m := _COMMENT_TAG.search(text, pos)) is not None:
        end = _END_COMMENT_TAG.search(text, m.end())
        if end is None:
            break
        spans.append((m.start(), end.end()))
        pos = end.end()
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def credential_in(comment: str) -> tuple[str, int] | None:
    """What in a comment's text reads as a credential ("a value for 'password'"…) and where it starts, or None."""
    text = comment[:MAX_COMMENT_CHARS]
    fmt = known_format(text)
    if fmt is not None:
        m = fmt.pattern.search(text)
        return fmt.name, m.start() if m else 0
    for m in _KEY_VALUE.finditer(text):
        key, value = m.group(1), m.group(2)
        if is_secret_name(key) and not is_reference(value) and \
                (looks_like_secret(value) or guessable(value, None)) and not value.lower() == key.lower():
            return f"a value for '{key}'", m.start()
    m = _PAIR.match(text)
    if m:
        user, password = m.group(1), m.group(2)
        labelled = user.lower() in _FIELD_LABELS and ":" in text  # "user: guest" names the user, no password
        if (user.lower() in _ACCOUNT_NAMES or "@" in user) and not labelled and not is_reference(password) and \
                (guessable(password, user) or looks_like_secret(password) and not is_placeholder(password)):
            return "a user name and password", m.start(1)
    return None


def find_comments(text: str) -> list[tuple[int, int, str]]:
    """(line, column, what) for each HTML comment of a template's text that holds a credential."""
    sent = _unsent(text)
    found = []
    for start, end in _spans(sent, "<!--", "-->"):
        body = sent[start + 4:end - 3]
        if _CONDITIONAL.match(body):
            continue
        hit = credential_in(body)
        if hit:
            what, offset = hit
            before = sent[:start + 4 + offset]  # the line of the credential itself, in a long comment too
            found.append((before.count("\n") + 1, len(before) - (before.rfind("\n") + 1), what))
    return found


def check_comments(templates, active: set[str], read) -> list[Finding]:
    """Findings for the credentials in the HTML comments of ``templates``; ``read(source)`` gives a text or None."""
    if RULE.id not in active:
        return []
    out: list[Finding] = []
    for source in sorted(templates, key=lambda s: s.path):
        text = read(source)
        if not text or "<!--" not in text:
            continue
        fixture = is_fixture_path(getattr(source, "rel", source.path))
        lines = text.splitlines()
        for line, column, what in find_comments(text):
            out.append(Finding(
                rule_id=RULE.id, cwe=RULE.cwe, pillar=pillar_of(RULE.cwe),
                severity=Severity.LOW if fixture else RULE.severity,
                confidence=Confidence.LOW if fixture else RULE.confidence,
                location=Location(source.path, line, column),
                snippet=lines[line - 1].strip()[:200] if line <= len(lines) else "",
                message=f"{RULE.message} Found: {what}.", fix=RULE.fix, title=RULE.title,
            ))
    return out
