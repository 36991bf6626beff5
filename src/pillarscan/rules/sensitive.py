"""Sensitive-data flows: secrets, personal data and exception text reaching a place they must not (logs,
responses, plain-text storage, URLs), proved by a trace from where the value is named or raised.

The second taint configuration of the flow engine (``python/flow/sensitive.py``, models in
``models/sensitive.toml``): each rule names the sink kind ``flow.sensitive.sensitive_rule_kind`` picks for a
category of data reaching a sink. A hash, a KDF, ``len()`` or a masking helper on the way ends the flow.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..python.flow.sensitive import category_of, input_like
from . import secrets_seeded as seeded
from . import sensitive_templates  # noqa: F401  (registers credential-in-html-comment, run on the templates)
from .access import _CREDENTIAL_NODES, _credential_hits, _graded
from .registry import Hit, pattern_rule, taint_rule

# the pattern rule that reports the same defect syntactically: where it fires on a line, the flow rule stays quiet
JOINED = {"exception-text-in-response": "exception-details-in-response",
          "plaintext-password-storage": "plaintext-seeded-password"}

taint_rule(
    "sensitive-data-in-log", 532, "medium", "high",
    "Secret or personal data written to a log",
    "A password, key, token or personal datum is written to a log, where everyone who reads the logs (and every "
    "system they are shipped to) can see it",
    "Log that the event happened, not the secret: drop the value, or log a masked form (last four digits, a "
    "hash prefix) through a redaction helper.",
    sink_kind="sensitive-log",
)
taint_rule(
    "sensitive-data-in-response", 200, "medium", "high",
    "Secret or server environment sent to the client",
    "A password, a server secret (a setting, a configuration key, an environment variable) or the whole process "
    "environment is sent to the client in a response, a rendered page or a client-side session cookie",
    "Send only what the client needs: never return passwords or server keys, keep secrets out of the Flask "
    "session (it is a signed cookie anyone can decode), and never dump os.environ or request.META.",
    sink_kind="sensitive-exposure",
)
taint_rule(
    "exception-text-in-response", 209, "medium", "high",
    "Exception text reaches the client",
    "The text of an exception the application caught (or a formatted traceback) flows into a response, and "
    "reveals file paths, SQL, library versions and sometimes data to whoever triggered it",
    "Log the exception server-side (logger.exception(...)) and return a generic message with an error id.",
    sink_kind="exception-exposure",
)
taint_rule(
    "personal-data-in-response", 359, "medium", "medium",
    "Stored personal data sent to the client",
    "A card number, card security code, national identity number or bank account the application stores is sent "
    "back in a response or page, where it is cached, logged and shown to whoever holds the session",
    "Return only a masked form (the last four digits) or nothing at all; never send back a card's security code, "
    "and check that the caller is allowed to see the record.",
    sink_kind="personal-exposure",
)
taint_rule(
    "password-in-url", 598, "medium", "high",
    "Password sent in a URL",
    "A password is put in a URL (its path or query string), which proxies, web servers and browsers write to "
    "their logs and history, and the Referer header passes on to other sites",
    "Send passwords only in the body of a POST request (or an Authorization header), never in a URL.",
    sink_kind="sensitive-url",
)
taint_rule(
    "plaintext-password-storage", 256, "high", "high",
    "Password stored in plain text",
    "A password is written to the database as it was typed, without a password hash: anyone who reads the "
    "table (a backup, an injection, an insider) has every user's password, and those passwords work elsewhere",
    "Store only a salted, slow hash: werkzeug.security.generate_password_hash, Django's make_password or "
    "set_password, bcrypt.hashpw or argon2's PasswordHasher; check logins with the matching verify function.",
    sink_kind="plaintext-password",
)



@pattern_rule(
    id="plaintext-seeded-password", cwe=256, severity="high", confidence="high",
    title="Seeded password stored in plain text",
    message="The code inserts accounts whose password is a literal written into the password column as it is, "
            "without a password hash: the table holds the passwords in plain text, and the login check that "
            "reads them compares plain text too",
    fix="Seed accounts with a hash (generate_password_hash, make_password, bcrypt.hashpw) of a password read "
        "from the environment or generated at first run, and check logins with the matching verify function.",
    nodes=_CREDENTIAL_NODES,
    skips_test_code=True,
    requires_words=seeded.INSERT_WORDS,  # what stored_lead asks first: no INSERT written, nothing stored
)
def plaintext_seeded_password(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    found = seeded.stored_lead(ctx, node, _credential_hits, _CREDENTIAL_NODES)
    if found is not None:
        row, n = found
        what = "an account whose password is written into the password column as it is" if n == 1 else \
            f"{n} accounts whose passwords are written into the password column as they are"
        yield _graded(Hit(row.node, message=f"The code inserts {what}, without a password hash: the table holds "
                                            "plain-text passwords."), ctx)


def _stored_password(node: ast.AST) -> bool:
    """``user.password`` / ``row["password"]`` of an object the application keeps (not the request's form)."""
    if isinstance(node, ast.Attribute):
        name, base = node.attr, node.value
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and \
            isinstance(node.slice.value, str):
        name, base = node.slice.value, node.value
    else:
        return False
    return category_of(name) == "password" and not input_like(base)


def _typed_password(node: ast.AST) -> bool:
    """The password just typed in: ``request.form["password"]``, ``form.get("password")``, a ``password`` name."""
    if isinstance(node, ast.Name):
        return category_of(node.id) == "password"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and \
            node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return category_of(node.args[0].value) == "password" and input_like(node.func.value)
    if isinstance(node, (ast.Subscript, ast.Attribute)):
        key = node.attr if isinstance(node, ast.Attribute) else \
            node.slice.value if isinstance(node.slice, ast.Constant) else None
        return isinstance(key, str) and category_of(key) == "password" and input_like(node.value)
    return False


@pattern_rule(
    id="plaintext-password-comparison", cwe=256, severity="high", confidence="medium",
    title="Stored password compared with the typed one",
    message="The password the application keeps is compared as it is with the one just typed in, so it is stored "
            "in plain text (and == leaks by its timing how much of a guess is right)",
    fix="Store a salted, slow hash (generate_password_hash, make_password, bcrypt) and check a login with its "
        "verify function (check_password_hash, check_password, bcrypt.checkpw), which also compares in constant "
        "time.",
    nodes=(ast.Compare,),
    requires_words=("passw", "pwd", "passphrase"),
    skips_test_code=True,
)
def plaintext_password_comparison(node: ast.Compare, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return
    left, right = node.left, node.comparators[0]
    if (_stored_password(left) and _typed_password(right)) or (_stored_password(right) and _typed_password(left)):
        yield Hit(node)


def drop_joined(flow_findings: list, pattern_findings: list) -> list:
    """The flow findings left once those on a line that their joined pattern rule already reports are dropped:
    one finding per defect, the syntactic one kept (it needs no trace to be believed)."""
    reported = {(f.rule_id, f.location.path, f.location.line) for f in pattern_findings}
    return [f for f in flow_findings
            if (JOINED.get(f.rule_id), f.location.path, f.location.line) not in reported]
