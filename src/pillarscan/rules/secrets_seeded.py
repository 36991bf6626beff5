"""Seeded accounts: code that creates user rows with passwords written in the source (a first-run initializer, a
populate script). A reviewer raises such a script once ("creates 9 accounts with literal passwords, e.g.
admin/a****"), not once per row, so the rows of one function (or of a module's top level) are grouped into one
finding at the first row. What the rows share decides the CWE: all guessable (the user name again, or one of the
most common default passwords) is a default account with a weak password (CWE-521), otherwise a hard-coded
password (CWE-259) or key (CWE-798); rows an SQL INSERT writes as they are also store the password in plain text
(CWE-256, reported by ``plaintext-seeded-password``).

The producers in ``access.py`` note each row here while ``hardcoded-credential`` looks at a node; the groups are
computed once per module by running those producers over the whole file.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from .common import name_words
from .registry import Hit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10
    import tomli as tomllib

_DATA = Path(__file__).resolve().parent.parent / "python" / "models" / "secrets.toml"

# the names under which a row says whose account it is, the most telling first
IDENTITY_ORDER = ("username", "user_name", "login", "email", "nickname", "name", "first_name", "firstname",
                  "last_name", "lastname", "account", "user", "uid", "user_id", "userid")
IDENTITY_NAMES = frozenset(IDENTITY_ORDER)
# a dictionary with one of these keys configures a connection (DATABASES, a client), it is not an account row
CONNECTION_KEYS = frozenset({"host", "hostname", "port", "engine", "server", "database", "db", "dsn", "url",
                             "endpoint", "driver", "scheme"})
# calls that use an account instead of creating one: client.login(username=…, password=…)
_USING_WORDS = frozenset({"connect", "connection", "client", "login", "bind", "auth", "authenticate", "session",
                          "engine", "open", "signin", "check", "verify"})
_ACCOUNT_WORDS = frozenset({"user", "users", "account", "accounts", "admin", "admins", "member", "members",
                            "superuser", "staff", "employee", "employees", "customer", "customers", "operator",
                            "operators", "person", "people", "profile", "credential", "credentials", "login"})


@dataclass
class Row:
    """One seeded account: where its secret is written, whose it is, and whether an INSERT stores it as is."""
    node: ast.AST
    kind: str  # "password" or "key"
    account: str | None = None
    secret: object = None
    stored: bool = False
    owner: ast.AST | None = None  # the node the rule was visiting when the row was found
    weak: bool | None = None  # a collection's row: are all its passwords guessable (None: judge this one)
    count: int = 1  # the accounts it stands for (a collection, an executemany over rows)

    @property
    def guessable(self) -> bool:
        return self.weak if self.weak is not None else guessable(self.secret, self.account)


@dataclass
class Group:
    rows: list[Row] = field(default_factory=list)

    @property
    def lead(self) -> Row:
        return self.rows[0]

    @property
    def guessable(self) -> bool:
        return self.kind == "password" and all(r.guessable for r in self.rows)

    @property
    def kind(self) -> str:
        return self.lead.kind


@functools.lru_cache(maxsize=1)
def _common_passwords() -> tuple[frozenset[str], tuple[str, ...]]:
    with open(_DATA, "rb") as fh:
        raw = tomllib.load(fh).get("guessable", {})
    return frozenset(p.lower() for p in raw.get("passwords", ())), tuple(raw.get("stems", ()))


def guessable(secret: str | None, account: str | None) -> bool:
    """A password an attacker tries first: the user name again, one of the most common default passwords, or
    a common stem with a few digits after it (``password1``, ``admin123``)."""
    if not isinstance(secret, str) or not secret:
        return False
    low = secret.lower()
    if isinstance(account, str) and account and low == account.lower():
        return True
    common, stems = _common_passwords()
    if low in common:
        return True
    m = re.fullmatch(r"([a-z]+)(\d{1,4})", low)
    return bool(m and m.group(1) in stems)


def masked(secret: str | None) -> str:
    """Enough of a password to find it in the code, not enough to log in with."""
    if not isinstance(secret, str) or not secret:
        return "…"
    return secret[0] + "*" * min(max(len(secret) - 1, 3), 8)


def account_call(name: str | None) -> bool:
    """``User(username=…, password=…)``, ``create_user_if_not_exists(…)``, ``User.objects.create(…)``: a call
    that makes an account, not one that logs in with it."""
    words = set(name_words(name or ""))
    return bool(words & _ACCOUNT_WORDS) and not words & _USING_WORDS


def account_dict(keys: Iterable[object]) -> bool:
    """``{"username": "admin", "password": …}``: a record of one account, not a connection's settings."""
    low = {k.lower() for k in keys if isinstance(k, str)}
    return bool(low & (IDENTITY_NAMES - {"user", "name"}) or {"name", "user"} & low and "role" in low) \
        and not low & CONNECTION_KEYS


def note(ctx, row: Row) -> None:
    """Record a row while a producer reports it (read back by ``grouped``)."""
    ctx.memo("seeded-rows", dict)[id(row.node)] = row


def _row(ctx, node: ast.AST) -> Row | None:
    return ctx.memo("seeded-rows", dict).get(id(node))


def _scope(ctx, node: ast.AST) -> ast.AST | None:
    return ctx.enclosing_function(node)


def groups(ctx, find: Callable[[ast.AST, object], Iterable[Hit]], node_types: tuple[type, ...]) -> dict[int, Group]:
    """Every row of the module, grouped by scope and kind; keyed by the id of each row's node."""
    def compute() -> dict[int, Group]:
        nodes = sorted((n for t in node_types for n in ctx.nodes_of_type(t)),
                       key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        by_scope: dict[tuple[int, str], Group] = {}
        out: dict[int, Group] = {}
        for node in nodes:
            for hit in find(node, ctx):
                row = _row(ctx, hit.node)
                if row is None or id(hit.node) in out:
                    continue
                row.owner = node
                group = by_scope.setdefault((id(_scope(ctx, row.node)), row.kind), Group())
                group.rows.append(row)
                out[id(hit.node)] = group
        return out
    return ctx.memo("seeded-groups", compute)


def _accounts(n: int) -> str:
    return "an account" if n == 1 else f"{n} accounts"


def grouped(hit: Hit, ctx, find, node_types) -> Hit | None:
    """The finding for ``hit``: unchanged when it is no seeded row; for a row, None unless it is the first of
    its group, which then speaks for the whole group."""
    if _row(ctx, hit.node) is None:
        return hit
    group = groups(ctx, find, node_types).get(id(hit.node))
    if group is None or group.lead.node is not hit.node:
        return None
    n, lead = sum(r.count for r in group.rows), group.lead
    if group.kind == "key":
        message = (f"The code seeds {'a record' if n == 1 else f'{n} records'} with an API key or token written "
                   f"into the source (e.g. {lead.account or 'the first'}: {masked(lead.secret)}): everyone who reads "
                   f"the code holds {'that key' if n == 1 else 'those keys'}.")
        return replace(hit, message=message, cwe=798)
    example = f"{lead.account} / {masked(lead.secret)}" if lead.account else masked(lead.secret)
    if group.guessable:
        same = n == 1 and isinstance(lead.account, str) and str(lead.secret).lower() == lead.account.lower()
        why = "password is the user name again" if same else "password is a common default one" if n == 1 else \
            "passwords are common default ones or the user names again"
        message = (f"The code creates {_accounts(n)} whose {why} (e.g. {example}): default "
                   "credentials anyone can log in with by trying the usual passwords.")
        return replace(hit, message=message, cwe=521)
    weak = sum(r.guessable for r in group.rows)
    message = (f"The code creates {_accounts(n)} with {'a password' if n == 1 else 'passwords'} written into the "
               f"source (e.g. {example})"
               + (", some of them guessable" if weak else "")
               + ": default credentials anyone who reads the code can log in with.")
    return replace(hit, message=message, cwe=259)


INSERT_WORDS = ("INSERT", "insert", "Insert")  # an SQL INSERT, or an ORM's insert(): see stored_lead


def stored_lead(ctx, owner: ast.AST, find, node_types) -> tuple[Row, int] | None:
    """The first row of a group that an SQL INSERT writes as it is, when the rule visits its ``owner`` node,
    with how many of the group's rows are stored so."""
    if not any(ctx.source_mentions(w) for w in INSERT_WORDS):
        return None

    def compute() -> dict[int, tuple[Row, int]]:
        out: dict[int, tuple[Row, int]] = {}
        for group in {id(g): g for g in groups(ctx, find, node_types).values()}.values():
            stored = [r for r in group.rows if r.stored]
            if stored:
                out[id(stored[0].owner)] = (stored[0], sum(r.count for r in stored))
        return out
    return ctx.memo("seeded-stored", compute).get(id(owner))
