"""Secrets are taken out of code before any of it leaves the machine.

Uses the secret detector's own knowledge (``rules/secrets.py``): a string literal in a known vendor format or
holding a private key is redacted wherever it stands, and a literal assigned to, or passed as, a secret-named
variable, key or keyword (``password = "..."``, ``api_key="..."``, ``cfg["db_password"] = "..."``) is redacted
when it looks like a real value. Whole files are redacted through Python's tokenizer, so quotes in comments
cannot pair up wrongly; text that does not tokenize is redacted line by line. Line numbers never change.
"""

from __future__ import annotations

import io
import re
import tokenize

from ..rules.secrets import is_secret_name, known_format, looks_like_secret, private_key_header

REDACTED = "<redacted by pillarscan>"
_LITERAL = re.compile(r"""(?P<q>'''|\"\"\"|'|")(?P<body>(?:\\.|(?!(?P=q)).)*?)(?P=q)""")
_STRING = re.compile(r"""^(?P<prefix>[rbufRBUF]{0,2})(?P<q>'''|\"\"\"|'|")(?P<body>.*)(?P=q)$""", re.DOTALL)
_NAMED = re.compile(r"""([A-Za-z_][\w.]*)\s*(?:=|:)\s*$""")
_KEY_IN_BRACKETS = re.compile(r"""\[\s*[rbuRBU]{0,2}['"]([^'"]+)['"]\s*\]\s*=\s*$""")


def redact(code: str) -> tuple[str, int]:
    """The code with secrets replaced, and how many were replaced."""
    try:
        return _by_tokens(code)
    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
        pass
    count = 0
    lines = []
    for line in code.split("\n"):
        out, last = [], 0
        for match in _LITERAL.finditer(line):
            if _is_secret(match.group("body"), line[:match.start()]):
                out += [line[last:match.start("body")], REDACTED]
                last = match.end("body")
                count += 1
        lines.append("".join(out) + line[last:])
    return "\n".join(lines), count


def _by_tokens(code: str) -> tuple[str, int]:
    lines = code.split("\n")
    edits: list[tuple[int, int, int, int, str]] = []  # start row, col, end row, col, replacement
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type != tokenize.STRING:
            continue
        match = _STRING.match(token.string)
        if match is None:
            continue
        (row, col), (end_row, end_col) = token.start, token.end
        body = match.group("body")
        if _is_secret(body, lines[row - 1][:col]):
            opening = len(match.group("prefix")) + len(match.group("q"))
            replacement = token.string[:opening] + REDACTED + "\n" * body.count("\n") + match.group("q")
            edits.append((row, col, end_row, end_col, replacement))
    for row, col, end_row, end_col, replacement in reversed(edits):
        head, tail = lines[row - 1][:col], lines[end_row - 1][end_col:]
        new = (head + replacement + tail).split("\n")
        lines[row - 1:end_row] = new
    return "\n".join(lines), len(edits)


def _is_secret(body: str, before: str) -> bool:
    if known_format(body) or (len(body) > 40 and private_key_header(body)):
        return True
    keyed = _KEY_IN_BRACKETS.search(before)
    name = keyed.group(1) if keyed else None
    if name is None:
        named = _NAMED.search(before)
        name = named.group(1).rsplit(".", 1)[-1] if named else None
    return bool(name) and is_secret_name(name) and looks_like_secret(body)
