"""CWE-256 in seed and setup scripts: ``INSERT INTO users VALUES (1, 'admin', 'admin')`` writes a password into the
table as plain text, and tells us the application keeps (and compares) passwords in plain text.

The flow rule plaintext-password-storage follows passwords that come from somewhere (a form, a parameter); a
literal written by the SQL itself has no source to trace, so this rule reads the statement: the password column
by the INSERT's column list or, without one, by the ``CREATE TABLE`` of the same table in the module, and the
value in that column of each row. Values that already look like a password hash (bcrypt, argon2, crypt, Django's
``pbkdf2_sha256$…``, a long hex digest) and placeholders are not plain text.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..python.flow.sensitive import category_of
from .common import per_module
from .constants import _name_value  # a module's SCHEMA = """...""" run by executescript(SCHEMA)
from .registry import Hit, pattern_rule

_EXECUTE = frozenset({"execute", "executemany", "executescript"})
_INSERT = re.compile(r"\binsert\s+(?:or\s+\w+\s+)?into\s+([\w.`\"\[\]]+)\s*(?:\(([^()]*)\))?\s*values\s*",
                     re.IGNORECASE)
_CREATE = re.compile(r"\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?([\w.`\"\[\]]+)\s*\(", re.IGNORECASE)
_HASHED = re.compile(r"^(?:\$(?:2[abxy]?|argon2(?:id|i|d)?|[1-9]|pbkdf2[\w-]*|scrypt|sha\d*)\$|"
                     r"(?:pbkdf2|bcrypt|argon2|scrypt|sha1|sha256|md5|crypt)[\w:-]*\$|[0-9a-fA-F]{32,}$|"
                     r"[A-Za-z0-9+/=._-]{40,}$)")
_PLACEHOLDER = re.compile(r"^(?:\?|%s|%\(\w+\)s|:\w+|\$\d+)$")


def _bare(name: str) -> str:
    return name.strip('`"[] ').rsplit(".", 1)[-1].lower()


def _split_top(text: str) -> list[str]:
    """Split a column or value list at its top-level commas, keeping quoted strings whole."""
    parts, depth, quote, current = [], 0, None, []
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            current.append(ch)
            if ch == quote:
                if i + 1 < len(text) and text[i + 1] == quote:
                    current.append(text[i + 1])
                    i += 1
                else:
                    quote = None
        elif ch in "'\"":
            quote = ch
            current.append(ch)
        elif ch == "(":
            depth += 1
            current.append(ch)
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
            current.append(ch)
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current).strip())
    return parts


def _rows(values_text: str) -> Iterator[list[str]]:
    """The value tuples of ``VALUES (...), (...)``."""
    pos = 0
    while pos < len(values_text) and len(values_text) < 100_000:
        start = values_text.find("(", pos)
        if start < 0 or values_text[pos:start].strip(" ,\n\t\r"):
            return
        row = _split_top(values_text[start + 1:])
        yield row
        consumed = start + 1 + len(",".join(row))
        end = values_text.find(")", consumed)
        if end < 0:
            return
        pos = end + 1


@per_module
def _table_columns(ctx) -> dict[str, list[str]]:
    """``CREATE TABLE`` statements written in the module's strings: table -> its column names, in order."""
    tables: dict[str, list[str]] = {}
    for node in ctx.nodes_of_type(ast.Constant):
        if not isinstance(node.value, str) or "create" not in node.value.lower():
            continue
        for found in _CREATE.finditer(node.value):
            columns = [part.split()[0] for part in _split_top(node.value[found.end():]) if part.split()]
            tables[_bare(found.group(1))] = [_bare(c) for c in columns]
    return tables


def _plain_literal(text: str) -> bool:
    if len(text) < 3 or text[0] != text[-1] or text[0] not in "'\"":
        return False
    value = text[1:-1]
    return _plain_value(value) and not _PLACEHOLDER.match(value)


def _plain_value(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not _HASHED.match(value)


def _param_rows(node: ast.AST | None, ctx) -> list[tuple] | None:
    value = ctx.literal(node, None)
    if isinstance(value, tuple) or (isinstance(value, list) and value and not isinstance(value[0], (list, tuple))):
        return [tuple(value)]
    if isinstance(value, list) and all(isinstance(v, (list, tuple)) for v in value):
        return [tuple(v) for v in value]
    return None


@pattern_rule(
    id="plaintext-password-seed", cwe=256, severity="high", confidence="medium",
    title="Password written to the database in plain text by a seed statement",
    message="This INSERT writes a readable password into a password column, so the table holds passwords as "
            "typed (and the application must compare them that way): anyone who reads the database has them.",
    fix="Store a salted password hash in the seed row (generate_password_hash / make_password / bcrypt) and make "
        "the login verify against it; better, create the first account at deploy time with a generated password.",
    nodes=(ast.Call,),
    requires_words=("INSERT", "insert", "Insert"),
    skips_test_code=True,
)
def plaintext_password_seed(node: ast.Call, ctx) -> Iterator[Hit]:
    func = node.func
    if ctx.is_test_code or not isinstance(func, ast.Attribute) or func.attr not in _EXECUTE or not node.args:
        return
    first = node.args[0]
    sql = ctx.literal(_name_value(first, ctx) if isinstance(first, ast.Name) else first, None)
    if not isinstance(sql, str) or len(sql) > 100_000:
        return
    for found in _INSERT.finditer(sql):
        if found.group(2) is not None:
            columns = [_bare(c) for c in _split_top(found.group(2))]
        else:
            columns = _table_columns(ctx).get(_bare(found.group(1)), [])
        wanted = [i for i, c in enumerate(columns) if category_of(c) == "password"]
        if not wanted:
            continue
        for row in _rows(sql[found.end():]):
            if len(row) != len(columns):
                continue
            if any(_plain_literal(row[i]) for i in wanted):
                yield Hit(node)
                return
            slots = [i for i, v in enumerate(row) if _PLACEHOLDER.match(v)]
            if len(node.args) < 2 or not all(i in slots for i in wanted):
                continue
            given = node.args[1]
            for params in _param_rows(_name_value(given, ctx) if isinstance(given, ast.Name) else given, ctx) or []:
                if len(params) == len(slots) and any(_plain_value(params[slots.index(i)]) for i in wanted):
                    yield Hit(node)
                    return
