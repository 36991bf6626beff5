"""CWE-284 Improper Access Control: secrets in source, permissions that open files to everyone, privileged
endpoints that nobody has to log in for, and client IP checks an attacker can spoof.
"""

from __future__ import annotations

import ast
import re
import stat
from dataclasses import replace
from typing import Iterator

from ..findings import Confidence, Severity
from ..web.settings import settings_of
from .common import chain_names, last_name, name_words, per_module
from .constants import UNKNOWN, bound_expression, constant_text
from .registry import Hit, pattern_rule
from .secrets import (credential_call, credential_method, has_high_entropy, is_fixture_path, is_secret_name,
                      known_format, looks_hashed, looks_like_secret, names_password_digest, plausible_password,
                      unsalted_digest, used_as_credential)

from . import secrets_seeded as seeded
from . import config_secrets  # noqa: F401,E402  (registers secret-in-config-file, this pillar's file-level rule)
from . import access_authz  # noqa: F401,E402  (client-controlled-authorization)
from . import access_mass_assignment  # noqa: F401,E402  (mass-assignment)
from . import access_bruteforce, access_csrf  # noqa: F401,E402  (project-level: rules/project.py)
from . import access_session  # noqa: F401,E402  (session-fixation, session-lifetime-too-long)
from . import access_network  # noqa: F401,E402  (loopback-only-authorization)
from . import access_cors  # noqa: F401,E402  (cors-wildcard-overrides-route-policy)

# --- hard-coded credentials ------------------------------------------------------------------------------------

def _credential_literal(name: str | None, expr: ast.AST, used: bool = False) -> Confidence | None:
    """How sure we are that ``expr`` is a credential given to a target called ``name``: a known vendor format
    whatever the name (high), or a secret-looking literal at a secret-named target (the rule's medium); None
    when it is neither. A value that only spells its own name (``CHANGE_PASSWORD = "changePassword"``) is a
    label, not a secret.

    ``used``: the target is where the program takes its credential from (a configuration slot such as
    ``app.config["SECRET_KEY"]``, a keyword argument, a settings module): there even ``"secret"`` or
    ``"changeme"`` is the real, guessable credential, not a placeholder."""
    if not isinstance(expr, ast.Constant):  # only a constant evaluates to text or bytes
        return None
    value = expr.value
    if known_format(value):
        return Confidence.HIGH
    if not name:
        return None
    if is_secret_name(name):
        plausible = used_as_credential(value) if used else looks_like_secret(value)
        if plausible and not _echoes_name(name, value, used):
            return Confidence.MEDIUM
    elif set(name_words(name)) & {"key", "token"} and _random_key(value):
        return Confidence.MEDIUM  # FERNET_KEY = b"8fofGbsr…=": a name with 'key' holding key material
    return None


def _random_key(value: object) -> bool:
    """Key material: a long base64/hex run that is random-looking, not an identifier."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9+/=_-]{16,}", value):
        return False
    if re.fullmatch(r"[0-9a-fA-F]{32,}", value):
        return has_high_entropy(value) or len(set(value)) > 10
    mixed = all(any(test(c) for c in value) for test in (str.islower, str.isupper, str.isdigit))
    return mixed and has_high_entropy(value)  # base64 key material mixes all three; identifiers do not


_SETTINGS_MODULE = re.compile(r"(^|/)([^/]*_)?(settings|config|conf|configuration)(_[^/]*)?\.py$"
                              r"|(^|/)(settings|config)/[^/]+\.py$")


def _is_slot(target: ast.AST, ctx) -> bool:
    """An assignment that puts the value where the program reads its credential: ``app.config["SECRET_KEY"]``,
    ``app.secret_key``, or a module-level setting of a settings module."""
    if isinstance(target, (ast.Subscript, ast.Attribute)):
        return True
    return isinstance(target, ast.Name) and ctx.enclosing_function(target) is None \
        and bool(_SETTINGS_MODULE.search(ctx.rel_path.replace("\\", "/")))


def _echoes_name(name: str, value: object, used: bool = False) -> bool:
    """``CHANGE_PASSWORD = "changePassword"``: the value spells the name, an enum label. Where the value is used
    as the credential, a one-word echo (``app.config["SECRET_KEY"] = "secret"``) is the guessable key itself."""
    words = name_words(value) if isinstance(value, str) else []
    if used and len(words) < 2:
        return False
    return bool(words) and set(words) <= set(name_words(name))


def _graded(hit: Hit, ctx) -> Hit:
    """Secrets in examples and fixtures are reported, at low severity and confidence."""
    if is_fixture_path(ctx.rel_path):
        return replace(hit, severity=Severity.LOW, confidence=Confidence.LOW)
    return hit


def _is_docstring_like(node: ast.AST, ctx) -> bool:
    return isinstance(ctx.parent(node), ast.Expr)


@pattern_rule(
    id="hardcoded-credential", cwe=798, severity="high", confidence="medium",
    title="Hard-coded credential",
    message="A password, key or token written into the source is readable by everyone who can read the code or "
            "its history, and cannot be rotated without a release.",
    fix="Read the secret at run time from the environment or a secret manager (os.environ['DB_PASSWORD'], "
        "a vault client), and rotate the value that was committed.",
    nodes=(ast.Assign, ast.AnnAssign, ast.Call, ast.Dict, ast.Compare, ast.arguments),  # = _CREDENTIAL_NODES
    skips_test_code=True,
)
def hardcoded_credential(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    for hit in _credential_hits(node, ctx):
        hit = seeded.grouped(hit, ctx, _credential_hits, _CREDENTIAL_NODES)  # one finding per seeding script
        if hit is not None:
            yield _graded(hit, ctx)


_CREDENTIAL_NODES = (ast.Assign, ast.AnnAssign, ast.Call, ast.Dict, ast.Compare, ast.arguments)


def _secret_kind(name: object) -> str:
    words = set(name_words(name)) if isinstance(name, str) else set()
    return "password" if words & {"password", "passwd", "pwd", "pass", "pw", "passphrase"} or not words else "key"


def _dict_record(node: ast.Dict, ctx) -> str | None | bool:
    """An account record (``{"username": "admin", "password": …}``): its user name (None when it is not a
    literal); False when the dictionary is no account record."""
    keys = [ctx.literal(k) for k in node.keys]
    if not seeded.account_dict(keys):
        return False
    return _identity_literal([(k, v) for k, v in zip(keys, node.values)], ctx)


def _identity_literal(pairs, ctx) -> str | None:
    """The literal under the first name that says whose account it is (username, login, email, name…)."""
    named = [(seeded.IDENTITY_ORDER.index(n.lower()), v) for n, v in pairs
             if isinstance(n, str) and n.lower() in seeded.IDENTITY_ORDER]
    for _, value in sorted(named, key=lambda p: p[0]):
        v = ctx.literal(value)
        if isinstance(v, str):
            return v
    return None


def _credential_hits(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if isinstance(node.value, ast.Constant):
            grades = [_credential_literal(last_name(t, ctx), node.value, used=_is_slot(t, ctx)) for t in targets]
            if any(grades):
                yield Hit(node, confidence=max(g for g in grades if g))
            elif unsalted_digest(node.value.value) and any(
                    isinstance(t, ast.Name) and names_password_digest(t.id) and _compared(t.id, ctx) for t in targets):
                yield Hit(node, message=_DIGEST_MESSAGE, cwe=798)
        elif isinstance(node.value, (ast.List, ast.Tuple, ast.Dict, ast.Set)):
            yield from _seeded_accounts(targets, node.value, ctx)
    elif isinstance(node, ast.Call):
        yield from _call_credentials(node, ctx)
    elif isinstance(node, ast.Dict):
        record = None
        for key, value in zip(node.keys, node.values):
            if not isinstance(value, ast.Constant):  # _credential_literal's first test, before the key is read
                continue
            k = ctx.literal(key)
            grade = _credential_literal(k if isinstance(k, str) else None, value)
            if grade:
                if record is None:
                    record = _dict_record(node, ctx)
                if record is not False:
                    seeded.note(ctx, seeded.Row(value, _secret_kind(k), record, value.value))
                yield Hit(value, confidence=grade)
    elif isinstance(node, ast.Compare):
        if len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            left, right = node.left, node.comparators[0]
            if any(isinstance(a, ast.Constant) and unsalted_digest(a.value) and _hexdigest(b)
                   for a, b in ((left, right), (right, left))):
                yield Hit(node, message=_DIGEST_MESSAGE, cwe=798)
                return
            for name_side, value_side in ((left, right), (right, left)):
                name = last_name(name_side, ctx) if isinstance(name_side, (ast.Name, ast.Attribute, ast.Subscript)) \
                    else None
                if not name or not is_secret_name(name):
                    continue
                value = ctx.literal(value_side)
                # "secret_mode != 'host'": words like secret and token name many things; a password is a password
                password_named = bool(set(name_words(name)) & {"password", "passwd", "pwd", "pass", "pw"})
                if (looks_like_secret(value) if password_named else plausible_password(value)) \
                        and not _echoes_name(name, value):
                    yield Hit(node)
                    return
    elif isinstance(node, ast.arguments):
        positional = node.posonlyargs + node.args
        pairs = list(zip(positional[len(positional) - len(node.defaults):], node.defaults))
        pairs += [(a, d) for a, d in zip(node.kwonlyargs, node.kw_defaults) if d is not None]
        for arg, default in pairs:
            grade = _credential_literal(arg.arg, default)
            if grade:
                yield Hit(default, confidence=grade)


_DIGEST_MESSAGE = ("The password check compares with a digest written into the source: the credential is fixed in "
                   "the code, and a bare unsalted digest is reversed by a wordlist or a lookup table in seconds.")


@per_module
def _compared_names(ctx) -> frozenset[str]:
    """Names the module compares with == / != or hands to compare_digest: where a stored digest is checked."""
    names = set()
    for cmp in ctx.nodes_of_type(ast.Compare):
        names.update(n.id for n in [cmp.left, *cmp.comparators] if isinstance(n, ast.Name))
    for call in ctx.nodes_of_type(ast.Call):
        if isinstance(call.func, (ast.Name, ast.Attribute)) and last_name(call.func, ctx) == "compare_digest":
            names.update(a.id for a in call.args if isinstance(a, ast.Name))
    return frozenset(names)


def _compared(name: str, ctx) -> bool:
    return name in _compared_names(ctx)


def _hexdigest(node: ast.AST) -> bool:
    """``hashlib.md5(password.encode()).hexdigest()``: the digest of a password (not of a file, a payload)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "hexdigest"):
        return False
    for sub in ast.walk(node.func.value):
        name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else \
            sub.value if isinstance(sub, ast.Constant) and isinstance(sub.value, str) else None
        if name and set(name_words(name)) & {"password", "passwd", "pwd", "pass", "pw", "passphrase"}:
            return True
    return False


_KIND_CWE = {"key": 321, "password": 259, "seeded": 259}
_KIND_MESSAGE = {
    "key": "A key written into the source signs or encrypts with a value everyone who can read the code knows: "
           "they can forge tokens and signatures or decrypt the data.",
    "password": "A password written into the source is readable by everyone who can read the code or its "
                "history, and cannot be rotated without a release.",
    "seeded": "The code creates an account with a password written into the source: a default credential "
              "anyone who reads the code (or guesses it) can log in with.",
}
_ENV_READS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "os.getenvb"})
_FALLBACK_MESSAGE = ("The secret falls back to a value written in the source when the environment variable is "
                     "not set, so a deployment that forgets it runs with a credential everyone can read.")
_DSN_PASSWORD = re.compile(r"(?:^|[\s;])(?:password|passwd|pwd)\s*=\s*'?([^\s;']+)", re.IGNORECASE)


def _call_credentials(node: ast.Call, ctx) -> Iterator[Hit]:
    """Keyword arguments named like secrets, key and password parameters of known APIs (models/secrets.toml),
    ``auth=("user", "pw")`` and DSN strings with a password."""
    reported: set[ast.AST] = set()
    name = ctx.call_name(node)
    creates = None
    for kw in node.keywords:
        grade = _credential_literal(kw.arg, kw.value, used=True) if kw.arg else None
        if grade:
            reported.add(kw.value)
            if creates is None:
                creates = seeded.account_call(".".join(chain_names(node.func)[-8:])) and \
                    any(k.arg and k.arg.lower() in seeded.IDENTITY_NAMES for k in node.keywords)
            if creates:
                account = _identity_literal([(k.arg, k.value) for k in node.keywords], ctx)
                seeded.note(ctx, seeded.Row(kw.value, _secret_kind(kw.arg), account, kw.value.value))
            yield Hit(kw.value, confidence=grade)
        elif kw.arg == "auth" and isinstance(kw.value, ast.Tuple) and len(kw.value.elts) == 2:
            password = kw.value.elts[1]
            if isinstance(password, ast.Constant) and used_as_credential(password.value):
                yield Hit(password, message=_KIND_MESSAGE["password"], cwe=259)
    spec = credential_call(name)
    if spec is None and isinstance(node.func, ast.Attribute):
        spec = credential_method(node.func.attr)
        if spec is not None and (len(node.args) != spec.arg_count or any(isinstance(a, ast.Starred) for a in node.args)):
            spec = None
    if spec is not None:
        for expr in [node.args[i] for i in spec.args if i < len(node.args)] + \
                [kw.value for kw in node.keywords if kw.arg in spec.kwargs]:
            if expr in reported:
                continue
            value = constant_text(expr, ctx)
            if value is UNKNOWN or looks_hashed(value):
                continue
            if spec.strict and not looks_like_secret(value):
                continue
            if used_as_credential(value):
                if spec.kind == "seeded":
                    account = ctx.literal(node.args[0]) if node.args and spec.args != (0,) else None
                    seeded.note(ctx, seeded.Row(expr, "password", account if isinstance(account, str) else None,
                                                value))
                yield Hit(expr, message=_KIND_MESSAGE[spec.kind], cwe=_KIND_CWE[spec.kind],
                          confidence=Confidence.HIGH if looks_like_secret(value) else Confidence.MEDIUM)
    if name in _ENV_READS and node.args:
        var = ctx.literal(node.args[0])
        default = node.args[1] if len(node.args) > 1 else ctx.kwarg(node, "default")
        if isinstance(var, str) and is_secret_name(var) and isinstance(default, ast.Constant) \
                and used_as_credential(default.value) and not _echoes_name(var, default.value, used=True):
            yield Hit(default, message=_FALLBACK_MESSAGE)
    if name and name.endswith(".connect") and node.args:
        dsn = ctx.literal(node.args[0])
        if isinstance(dsn, str) and "=" in dsn:
            m = _DSN_PASSWORD.search(dsn)
            if m and looks_like_secret(m.group(1)):
                yield Hit(node.args[0], message=_KIND_MESSAGE["password"], cwe=259)
    if isinstance(node.func, ast.Attribute) and node.func.attr in {"execute", "executemany"} and node.args:
        yield from _seeded_by_sql(node, ctx)


# --- seeded accounts -----------------------------------------------------------------------------------------

_ACCOUNT_WORDS = frozenset({"user", "users", "account", "accounts", "admin", "admins", "member", "members", "login",
                            "logins", "credential", "credentials", "staff", "employee", "employees", "customer",
                            "customers", "operator", "operators", "people", "person", "passwords"})
_INSERT = re.compile(r"\binsert\s+(?:or\s+\w+\s+)?into\s+[`\"\[]?(?:\w+\.)?(\w+)[`\"\]]?\s*(?:\(([^)]*)\))?\s*values\s*(.*)",
                     re.IGNORECASE | re.DOTALL)
_CREATE = re.compile(r"\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?[`\"\[]?(?:\w+\.)?(\w+)[`\"\]]?\s*\((.*)\)",
                     re.IGNORECASE | re.DOTALL)
_CONSTRAINTS = frozenset({"primary", "foreign", "unique", "constraint", "check", "key", "index"})


@per_module
def _table_columns(ctx) -> dict[str, list[str]]:
    """Column names of the tables a module creates (``CREATE TABLE users (id, name, password)``), for inserts
    that give values without naming columns."""
    tables: dict[str, list[str]] = {}
    for node in ctx.nodes_of_type(ast.Constant):
        if isinstance(node.value, str) and "create" in node.value.lower() and "table" in node.value.lower():
            m = _CREATE.search(node.value)
            if m:
                defs = re.split(r",(?![^(]*\))", m.group(2))
                cols = [d.split()[0].strip('`"[]') for d in defs if d.split()]
                tables[m.group(1).lower()] = [c for c in cols if c.lower() not in _CONSTRAINTS]
    return tables
_SQL_TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|[^,]+")
_PLACEHOLDER = re.compile(r"^(\?|%s|:\w+|%\(\w+\)s|\$\d+)$")


_ACCOUNT_COLLECTIONS = frozenset({"users", "accounts", "credentials", "logins", "passwords", "admins", "members",
                                  "operators", "creds"})
_RECORD_FIELDS = frozenset({"name", "username", "user", "email", "role", "id", "title", "first", "last", "lastname",
                            "firstname", "phone", "address", "type", "kind", "label", "description", "status",
                            "format", "pattern", "host", "url"})


def _seeded_accounts(targets: list[ast.AST], value: ast.AST, ctx) -> Iterator[Hit]:
    """``USERS = [("admin", "S3cret!"), …]`` or ``{"admin": "S3cret!"}``: accounts with their passwords in the
    code, reported once per collection (at its first password). A singular name (``user = {"name": …}``) is one
    record, whose secret-named fields the dictionary check already reads."""
    names = [last_name(t, ctx) for t in targets]
    if not any(n and set(name_words(n)) & _ACCOUNT_COLLECTIONS for n in names):
        return
    if isinstance(value, ast.Dict):
        if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values):
            return  # a username → password map holds text only; a schema or a record holds more
        for key, item in zip(value.keys, value.values):
            k = ctx.literal(key)
            if isinstance(k, str) and k.lower() not in _RECORD_FIELDS and isinstance(item, ast.Constant) \
                    and plausible_password(item.value) and not looks_hashed(item.value):
                weak = all(seeded.guessable(ctx.literal(v), ctx.literal(k2)) for k2, v in zip(value.keys, value.values))
                seeded.note(ctx, seeded.Row(item, "password", k, item.value, weak=weak, count=len(value.keys)))
                yield Hit(item, message=_KIND_MESSAGE["seeded"], cwe=259)
                return
        return
    for row in value.elts:
        if not isinstance(row, (ast.Tuple, ast.List)) or not 2 <= len(row.elts) <= 6:
            continue
        if not isinstance(ctx.literal(row.elts[0]), str):
            continue
        for item in row.elts[1:]:
            if isinstance(item, ast.Constant) and plausible_password(item.value) and not looks_hashed(item.value):
                position = row.elts.index(item)
                weak = all(isinstance(r, (ast.Tuple, ast.List)) and position < len(r.elts) and
                           seeded.guessable(ctx.literal(r.elts[position]), ctx.literal(r.elts[0])) for r in value.elts)
                seeded.note(ctx, seeded.Row(item, "password", ctx.literal(row.elts[0]), item.value, weak=weak,
                                            count=len(value.elts)))
                yield Hit(item, message=_KIND_MESSAGE["seeded"], cwe=259)
                return


def _named_secret(literal: ast.AST, ctx) -> bool:
    """Already reported as the value of a secret-named dictionary key or keyword argument."""
    parent = ctx.parent(literal)
    if isinstance(parent, ast.Dict):
        key = next((k for k, v in zip(parent.keys, parent.values) if v is literal), None)
        k = ctx.literal(key)
        return _credential_literal(k if isinstance(k, str) else None, literal) is not None
    if isinstance(parent, ast.keyword):
        return _credential_literal(parent.arg, literal) is not None
    return False


def _seeded_by_sql(node: ast.Call, ctx) -> Iterator[Hit]:
    """``INSERT INTO users (name, password) VALUES ('admin', 'S3cret!')``, or with the values as parameters
    (a tuple, rows for executemany, or the rows a loop over a constant list hands to execute)."""
    sql = constant_text(node.args[0], ctx)
    if not isinstance(sql, str) or "insert" not in sql.lower():
        return
    m = _INSERT.search(sql)
    if not m or not set(name_words(m.group(1))) & _ACCOUNT_WORDS:
        return
    if m.group(2) is not None:
        columns = [c.strip().strip('`"[]') for c in m.group(2).split(",")]
    else:
        columns = _table_columns(ctx).get(m.group(1).lower(), [])
    index = next((i for i, c in enumerate(columns) if is_secret_name(c)), None)
    if index is None:
        return
    who = next((i for i, c in enumerate(columns) if c.lower() in seeded.IDENTITY_NAMES), None)
    groups = re.findall(r"\(([^()]*)\)", m.group(3))
    params = node.args[1] if len(node.args) > 1 else None
    for group in groups:
        tokens = [t.strip() for t in _SQL_TOKEN.findall(group)]
        if index >= len(tokens):
            continue
        token = tokens[index]
        if token[:1] in "'\"" and len(token) > 2:
            password = token[1:-1]
            if used_as_credential(password) and not looks_hashed(password):
                account = tokens[who] if who is not None and who < len(tokens) else ""
                seeded.note(ctx, seeded.Row(node.args[0], "password",
                                            account[1:-1] if account[:1] in "'\"" else None, password, stored=True))
                yield Hit(node.args[0], message=_KIND_MESSAGE["seeded"], cwe=259)
                return
        elif _PLACEHOLDER.match(token) and params is not None:
            slot = sum(1 for t in tokens[:index] if _PLACEHOLDER.match(t))
            key = token.lstrip(":%$(").rstrip(")s") if token not in ("?", "%s") and not token.startswith("$") else None
            rows = [params] if node.func.attr == "execute" else _rows(params, ctx)
            found = [(row, literal) for row in rows for literal in _slot_values(row, slot, key, ctx)]
            fresh = []
            for row, literal in found:
                known = ctx.memo("seeded-rows", dict).get(id(literal))
                if known is not None:
                    known.stored = True  # a record literal (reported where it is written) the INSERT stores as is
                elif not _named_secret(literal, ctx):
                    fresh.append((literal, _row_account(row, literal, ctx)))
            if fresh:  # one finding per statement: the reviewer fixes the seeding, not each row
                literal, account = fresh[0]
                weak = all(seeded.guessable(lit.value, who) for lit, who in fresh)
                seeded.note(ctx, seeded.Row(literal, "password", account, literal.value, stored=True, weak=weak,
                                            count=len(fresh)))
                yield Hit(literal, message=_KIND_MESSAGE["seeded"], cwe=259)
            return


def _row_account(row: ast.AST, literal: ast.AST, ctx) -> str | None:
    """The user name beside a password in a parameter row: the first text item of the row's tuple."""
    parent = ctx.parent(literal)
    if isinstance(parent, (ast.Tuple, ast.List)) and parent.elts:
        first = ctx.literal(parent.elts[0])
        return first if isinstance(first, str) and parent.elts[0] is not literal else None
    return None


def _rows(expr: ast.AST, ctx) -> list[ast.AST]:
    expr = bound_expression(expr, ctx) or expr
    return list(expr.elts) if isinstance(expr, (ast.List, ast.Tuple)) else []


def _slot_values(row: ast.AST, slot: int, key: str | None, ctx) -> Iterator[ast.Constant]:
    """The literal passwords that one parameter row puts in the password slot."""
    row = bound_expression(row, ctx) or row
    item = None
    if isinstance(row, (ast.Tuple, ast.List)) and key is None and slot < len(row.elts):
        item = row.elts[slot]
    elif isinstance(row, ast.Dict) and key is not None:
        item = next((v for k, v in zip(row.keys, row.values) if ctx.literal(k) == key), None)
    if isinstance(item, ast.Constant):
        if used_as_credential(item.value) and not looks_hashed(item.value):
            yield item
    elif isinstance(item, ast.Name):
        yield from _loop_values(item, ctx)


def _loop_values(name: ast.Name, ctx) -> Iterator[ast.Constant]:
    """``for user, pw in SEED: cur.execute(sql, (user, pw))``: the literals ``pw`` takes from a constant list."""
    for anc in ctx.ancestors(name):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return
        if isinstance(anc, ast.For) and isinstance(anc.target, ast.Tuple):
            names = [e.id if isinstance(e, ast.Name) else None for e in anc.target.elts]
            if name.id not in names:
                continue
            position = names.index(name.id)
            for row in _rows(anc.iter, ctx):
                if isinstance(row, (ast.Tuple, ast.List)) and position < len(row.elts):
                    item = row.elts[position]
                    if isinstance(item, ast.Constant) and used_as_credential(item.value) \
                            and not looks_hashed(item.value):
                        yield item
            return


_URL_WITH_PASSWORD = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/\s:@]*):([^/\s@]+)@[^\s@]+$")


@pattern_rule(
    id="credential-in-url", cwe=798, severity="high", confidence="high",
    title="Password embedded in a connection URL",
    message="A connection string with the password written in it (scheme://user:password@host) puts a live "
            "credential in the source, in logs and in error messages.",
    fix="Build the URL at run time from a password read from the environment or a secret manager, or pass the "
        "password separately (e.g. sqlalchemy.engine.URL.create(..., password=os.environ['DB_PASSWORD'])).",
    nodes=(ast.Constant,),
    skips_test_code=True,
)
def credential_in_url(node: ast.Constant, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or not isinstance(node.value, str) or _is_docstring_like(node, ctx):
        return
    if isinstance(ctx.parent(node), ast.JoinedStr):
        return
    m = _URL_WITH_PASSWORD.match(node.value)
    if m and looks_like_secret(m.group(2)):
        yield _graded(Hit(node), ctx)


# --- permissions ---------------------------------------------------------------------------------------------

_STAT_VALUES = {f"stat.{n}": getattr(stat, n) for n in dir(stat) if n.startswith("S_I") and isinstance(getattr(stat, n), int)}


def mode_value(expr: ast.AST | None, ctx) -> int | None:
    """The integer a permission-mode expression evaluates to: literals, ``stat.S_*`` names and ``|``/``+`` of them."""
    if expr is None:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, int) and not isinstance(expr.value, bool):
        return expr.value
    if isinstance(expr, (ast.Name, ast.Attribute)):
        return _STAT_VALUES.get(ctx.qualname(expr) or "")
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.BitOr, ast.Add)):
        left, right = mode_value(expr.left, ctx), mode_value(expr.right, ctx)
        if left is None or right is None:
            return None
        return left | right if isinstance(expr.op, ast.BitOr) else left + right
    return None


_CHMOD_CALLS = {"os.chmod": 1, "os.fchmod": 1, "os.lchmod": 1}


@pattern_rule(
    id="world-writable-permissions", cwe=732, severity="high", confidence="high",
    title="File made writable by every user",
    message="chmod with a mode that lets 'others' write (e.g. 0o777, 0o666, stat.S_IWOTH) lets any local user "
            "replace or tamper with the file, including scripts and configuration that run with your privileges.",
    fix="Grant only what the owner needs (0o600 for secrets, 0o644 for readable files, 0o755 for executables and "
        "directories) and use group permissions for shared access.",
    requires_words=("chmod",),
)
def world_writable_permissions(node: ast.Call, ctx) -> Iterator[Hit]:
    name = ctx.call_name(node)
    if name in _CHMOD_CALLS:
        mode = mode_value(ctx.arg(node, _CHMOD_CALLS[name], "mode"), ctx)
    elif name is None and isinstance(node.func, ast.Attribute) and node.func.attr in {"chmod", "lchmod"}:
        # pathlib: Path(p).chmod(mode) / path.chmod(mode): a method, so no qualified name to match
        mode = mode_value(ctx.arg(node, 0, "mode"), ctx)
    else:
        return
    if mode is not None and mode & stat.S_IWOTH:
        yield Hit(node)


@pattern_rule(
    id="permissive-umask", cwe=276, severity="medium", confidence="high",
    title="umask that lets every user write new files",
    message="A umask without the 'others write' bit (e.g. os.umask(0)) makes every file and directory the process "
            "creates afterwards world-writable by default.",
    fix="Keep the others-write bit set in the umask (os.umask(0o022) or stricter, 0o077 for private data), or set "
        "the mode of the one file that needs it explicitly.",
    requires_imports=("os",),
    requires_words=("umask",),
)
def permissive_umask(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.call_name(node) != "os.umask":
        return
    mask = mode_value(ctx.arg(node, 0, "mask"), ctx)
    if mask is not None and not mask & stat.S_IWOTH and not _umask_read(node, ctx):
        yield Hit(node)


def _umask_read(node: ast.Call, ctx) -> bool:
    """``old = os.umask(0); os.umask(old)``: the only way to read the umask, restored by the next statement."""
    stmt = ctx.parent(node)
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return False
    block = ctx.parent(stmt)
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(block, field, None)
        if isinstance(stmts, list) and stmt in stmts:
            following = stmts[stmts.index(stmt) + 1:stmts.index(stmt) + 2]
            return any(isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                       and ctx.call_name(n.value) == "os.umask" and n.value.args
                       and isinstance(n.value.args[0], ast.Name) and n.value.args[0].id == stmt.targets[0].id
                       for n in following)
    return False


# --- authentication ------------------------------------------------------------------------------------------

# admin-route-without-auth lives in rules/access_routes.py: it reads the route inventory (web/routes.py).


_DRF_WRITE_VIEWS = {
    "rest_framework.viewsets.ModelViewSet", "rest_framework.generics.DestroyAPIView",
    "rest_framework.generics.UpdateAPIView", "rest_framework.generics.RetrieveUpdateDestroyAPIView",
    "rest_framework.generics.RetrieveDestroyAPIView", "rest_framework.generics.RetrieveUpdateAPIView",
    "rest_framework.mixins.DestroyModelMixin", "rest_framework.mixins.UpdateModelMixin",
}


@pattern_rule(
    id="drf-anonymous-write-view", cwe=306, severity="high", confidence="high",
    title="Django REST Framework view lets anonymous users modify or delete data",
    message="permission_classes is AllowAny (or empty) on a view that updates or deletes objects, so any "
            "anonymous client can change or destroy every record it exposes.",
    fix="Require authentication and object permissions (IsAuthenticated, a custom IsOwner permission), or use a "
        "ReadOnlyModelViewSet when the endpoint is meant to be public.",
    nodes=(ast.ClassDef,),
)
def drf_anonymous_write_view(node: ast.ClassDef, ctx) -> Iterator[Hit]:
    if not any(ctx.qualname(b) in _DRF_WRITE_VIEWS for b in node.bases):
        return
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "permission_classes"
                                                 for t in stmt.targets):
            value = stmt.value
            if isinstance(value, (ast.List, ast.Tuple)):
                if not value.elts or any(ctx.qualname(e) == "rest_framework.permissions.AllowAny" for e in value.elts):
                    yield Hit(stmt)


# --- spoofable client identity -------------------------------------------------------------------------------

_FORWARDED_HEADERS = frozenset({"x-forwarded-for", "x-real-ip", "x-client-ip", "true-client-ip", "forwarded",
                                "x-cluster-client-ip", "x-originating-ip", "x-remote-addr"})
_FORWARDED_ENVIRON = frozenset("HTTP_" + h.upper().replace("-", "_") for h in _FORWARDED_HEADERS)


def _is_forwarded_header_read(node: ast.AST, ctx) -> bool:
    """``request.headers.get('X-Forwarded-For')``, ``request.META['HTTP_X_REAL_IP']``, ``request.access_route``…"""
    if isinstance(node, ast.Attribute):
        return node.attr == "access_route"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"get", "getlist", "get_all"}:
        key = ctx.literal(node.args[0]) if node.args else None
        container = node.func.value
    elif isinstance(node, ast.Subscript):
        key = ctx.literal(node.slice)
        container = node.value
    else:
        return False
    if not isinstance(key, str):
        return False
    if not (isinstance(container, ast.Attribute) and container.attr in {"headers", "META", "environ", "scope"}):
        return False
    return key.lower() in _FORWARDED_HEADERS or key.upper() in _FORWARDED_ENVIRON


def _reads_forwarded_header(expr: ast.AST, ctx) -> bool:
    return any(_is_forwarded_header_read(node, ctx) for node in ast.walk(expr))


# Every read above names one of these attributes: the container (request.headers, request.META…) or access_route
_FORWARDED_ATTRS = frozenset({"access_route", "headers", "META", "environ", "scope"})


@per_module
def _module_reads_forwarded_header(ctx) -> bool:
    """Most files never touch a forwarding header; this spares the per-function search in all of them. Most of
    the rest never name a header container either, which a look at attribute names alone tells."""
    if ctx.attribute_names().isdisjoint(_FORWARDED_ATTRS):
        return False
    return any(_is_forwarded_header_read(node, ctx)
               for node_type in (ast.Attribute, ast.Call, ast.Subscript) for node in ctx.nodes_of_type(node_type))


def _mentions(expr: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(expr))


@pattern_rule(
    id="spoofable-client-ip-check", cwe=290, severity="high", confidence="medium",
    title="Access decision based on a client-supplied forwarding header",
    message="X-Forwarded-For / X-Real-IP are ordinary request headers that any client can set, so an allow-list "
            "or 'is local' check on them can be bypassed by sending a forged header.",
    fix="Decide on the address your server actually saw (request.remote_addr), configured to trust only your own "
        "proxies (werkzeug ProxyFix(x_for=1), Django's SECURE_PROXY_SSL_HEADER-style settings), and authenticate "
        "callers instead of trusting their IP.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("access_route", "headers", "META", "environ", "scope"),
)
def spoofable_client_ip_check(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if not _module_reads_forwarded_header(ctx):
        return
    own = ctx.scope_nodes(node, with_header=True)
    if not any(_reads_forwarded_header(n, ctx) for n in own if isinstance(n, (ast.Call, ast.Subscript, ast.Attribute))):
        return
    derived: set[str] = set()
    assigns = sorted((n for n in own if isinstance(n, (ast.Assign, ast.AnnAssign, ast.NamedExpr))),
                     key=lambda n: (n.lineno, n.col_offset))
    changed = True
    while changed:  # names computed from the header, through any number of local steps (split, strip, [0])
        changed = False
        for a in assigns:
            if a.value is None or not (_reads_forwarded_header(a.value, ctx) or _mentions(a.value, derived)):
                continue
            targets = a.targets if isinstance(a, ast.Assign) else [a.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name) and n.id not in derived:
                        derived.add(n.id)
                        changed = True
    for n in own:
        if not isinstance(n, (ast.If, ast.While, ast.Assert, ast.IfExp)):
            continue
        for cmp in ast.walk(n.test):
            if not isinstance(cmp, ast.Compare):
                continue
            operands = [cmp.left, *cmp.comparators]
            if any(isinstance(o, ast.Constant) and o.value in (None, "") for o in operands):
                continue  # "is the header present?" is not a decision about who the caller is
            spoofed = [o for o in operands if _reads_forwarded_header(o, ctx) or _mentions(o, derived)]
            others = [o for o in operands if o not in spoofed]
            if spoofed and others and all(_is_identity_reference(o, ctx) for o in others):
                yield Hit(cmp)


def _is_identity_reference(expr: ast.AST, ctx) -> bool:
    """What a client address is checked against: an allow-list, a network, or an address literal.

    A comparison with ``","`` or ``"unknown"`` is parsing the header, not deciding who the caller is.
    """
    value = ctx.literal(expr)
    if isinstance(value, str):
        return value == "localhost" or bool(re.fullmatch(r"[0-9a-fA-F.:/]+", value)) and any(c.isdigit() or c == ":" for c in value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(isinstance(v, str) and _is_identity_reference(ast.Constant(v), ctx) for v in value)
    return value is ctx.MISSING


_ADDRESS_NAME = re.compile(r"(^|_)(ip|ips|addr|address|client|remote|peer|origin)(_|$)", re.IGNORECASE)


@pattern_rule(
    id="forwarded-header-as-client-address", cwe=348, severity="medium", confidence="medium",
    title="Client address taken from a client-supplied forwarding header",
    message="X-Forwarded-For and its kin are set by whoever sends the request, so using one as the caller's address "
            "lets any client pick the address that rate limits, audit logs and IP checks see.",
    fix="Use the address the server saw (request.remote_addr) behind a proxy fix that trusts only your own proxies "
        "(werkzeug.middleware.proxy_fix.ProxyFix(app, x_for=1)), never the raw header.",
    nodes=(ast.Return, ast.Assign, ast.AnnAssign),
    requires_words=("access_route", "headers", "META", "environ", "scope"),
)
def forwarded_header_as_client_address(node: ast.AST, ctx) -> Iterator[Hit]:
    if node.value is None or not _module_reads_forwarded_header(ctx) or not _reads_forwarded_header(node.value, ctx):
        return
    if isinstance(node, ast.Return):
        func = ctx.enclosing_function(node)
        if func is not None and _ADDRESS_NAME.search(func.name):
            yield Hit(node)
        return
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else "" for t in targets]
    if any(_ADDRESS_NAME.search(name) for name in names):
        yield Hit(node)


# --- CWE-942 CORS: any origin, with credentials -----------------------------------------------------------------


@pattern_rule(
    id="permissive-cors-with-credentials", cwe=942, severity="high", confidence="high",
    title="CORS policy lets any website read responses with the user's credentials",
    message="The cross-origin policy admits every origin and allows credentials, so any page the user visits can "
            "call this API with the user's cookies and read the answers.",
    fix="List the origins that may call the API (origins=['https://app.example.com'], allow_origins=[...], "
        "CORS_ALLOWED_ORIGINS), or keep credentials off for a public API; never echo the Origin header back "
        "without checking it against an allow-list.",
    nodes=(ast.Module,),
    requires_words=("CORS", "cross_origin", "Access-Control-Allow-Origin", "access-control-allow-origin"),
    skips_test_code=True,
)
def permissive_cors_with_credentials(node: ast.Module, ctx) -> Iterator[Hit]:
    """Reads the CORS policies of the configuration model (flask-cors, Starlette/FastAPI CORSMiddleware,
    django-cors-headers, an echoed Origin header); an any-origin policy without credentials exposes only what
    any anonymous client can fetch anyway, and is not reported."""
    if ctx.is_test_code:
        return
    model = settings_of(ctx)
    for policy in model.cors:
        if not policy.any_origin or policy.credentials is not True:
            continue
        if policy.library == "django-cors-headers" and model.module.relaxed:
            continue
        if policy.reflected:
            yield Hit(policy.node, message="The request's own Origin header is echoed into "
                                           "Access-Control-Allow-Origin, with credentials allowed, so every website "
                                           "may call this API with the user's cookies and read the answers.")
        else:
            yield Hit(policy.node)

