"""Sensitive-data flows: secrets, personal data and exception text reaching a place they must not (logs,
responses, plain-text storage, URLs), proved by a trace from where the value is named or raised.

The second taint configuration of the flow engine (``python/flow/sensitive.py``, models in
``models/sensitive.toml``): each rule names the sink kind ``flow.sensitive.sensitive_rule_kind`` picks for a
category of data reaching a sink. A hash, a KDF, ``len()`` or a masking helper on the way ends the flow.
"""

from __future__ import annotations

from .registry import taint_rule

# the pattern rule that reports the same defect syntactically: where it fires on a line, the flow rule stays quiet
JOINED = {"exception-text-in-response": "exception-details-in-response"}

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
    "plaintext-password-storage", 256, "high", "high",
    "Password stored in plain text",
    "A password is written to the database as it was typed, without a password hash: anyone who reads the "
    "table (a backup, an injection, an insider) has every user's password, and those passwords work elsewhere",
    "Store only a salted, slow hash: werkzeug.security.generate_password_hash, Django's make_password or "
    "set_password, bcrypt.hashpw or argon2's PasswordHasher; check logins with the matching verify function.",
    sink_kind="plaintext-password",
)


def drop_joined(flow_findings: list, pattern_findings: list) -> list:
    """The flow findings left once those on a line that their joined pattern rule already reports are dropped:
    one finding per defect, the syntactic one kept (it needs no trace to be believed)."""
    reported = {(f.rule_id, f.location.path, f.location.line) for f in pattern_findings}
    return [f for f in flow_findings
            if (JOINED.get(f.rule_id), f.location.path, f.location.line) not in reported]
