"""Secrets are taken out of code before any of it leaves the machine.

Uses the secret detector's own knowledge (``rules/secrets.py``): a quoted literal in a known vendor format or
holding a private key is redacted wherever it stands, and a literal assigned to, or passed as, a secret-named
variable or keyword (``password = "..."``, ``api_key="..."``) is redacted when it looks like a real value.
"""

from __future__ import annotations

import re

from ..rules.secrets import is_secret_name, known_format, looks_like_secret, private_key_header

REDACTED = "<redacted by pillarscan>"
_LITERAL = re.compile(r"""(?P<q>'''|\"\"\"|'|")(?P<body>(?:\\.|(?!(?P=q)).)*?)(?P=q)""", re.DOTALL)
_NAMED = re.compile(r"""([A-Za-z_][\w.]*)\s*(?:=|:)\s*[rbuRBU]{0,2}$|\[\s*$""")
_KEY_IN_BRACKETS = re.compile(r"""\[\s*['"]([^'"]+)['"]\s*\]\s*=\s*[rbuRBU]{0,2}$""")


def redact(code: str) -> tuple[str, int]:
    """The code with secrets replaced, and how many were replaced."""
    count = 0
    out: list[str] = []
    last = 0
    for match in _LITERAL.finditer(code):
        body = match.group("body")
        if _is_secret(body, code[max(0, match.start() - 80):match.start()]):
            out.append(code[last:match.start("body")])
            out.append(REDACTED + "\n" * body.count("\n"))  # keep the line numbers
            last = match.end("body")
            count += 1
    out.append(code[last:])
    return "".join(out), count


def _is_secret(body: str, before: str) -> bool:
    if known_format(body) or (len(body) > 40 and private_key_header(body)):
        return True
    head = before.rstrip().splitlines()[-1] if before.strip() else ""
    keyed = _KEY_IN_BRACKETS.search(head)
    name = keyed.group(1) if keyed else None
    if name is None:
        named = _NAMED.search(head)
        name = named.group(1).rsplit(".", 1)[-1] if named and named.group(1) else None
    return bool(name) and is_secret_name(name) and looks_like_secret(body)
