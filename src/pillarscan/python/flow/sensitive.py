"""Sensitive-data flows, the engine's second taint configuration: where secrets and personal data enter.

Injection flows start at untrusted input; these start at data that must stay private whoever sent it: a value
named like a password or token (a variable, parameter, attribute, dict key or form field), the text of the
exception being handled, the whole process environment. Each gets a ``values.sensitive_origin`` label; the
sinks that report them (logs, responses, plain-text storage) are ordinary models in ``models/sensitive.toml``,
and ``summaries.flows`` keeps the two configurations apart. The vocabulary is data in
``models/sensitive_sources.toml``; this module only applies it.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import lru_cache
from pathlib import Path

from ..values import Value, join_taint, sensitive_category, sensitive_origin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10
    import tomli as tomllib

SENSITIVE_KINDS = ("secret-log", "exposure", "secret-store", "secret-url")
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_DESC = {"password": "a password", "secret": "a secret (key or token)", "personal": "personal data",
         "exception": "the exception's text", "environment": "the process environment",
         "server-secret": "a server secret (key or token)", "stored-password": "a stored password",
         "stored-personal": "stored personal data"}
SENSITIVE_SINKS = frozenset(SENSITIVE_KINDS)
SENSITIVE_CLEAN = frozenset(SENSITIVE_KINDS)  # a hash or mask clears every one of them at once
# (sink kind, category) -> the rule's sink kind; a pair not listed is no finding (a token a login returns to its
# client, an exception's text in the server's own log)
_RULE_KINDS = {
    **{("secret-log", c): "sensitive-log" for c in ("password", "stored-password", "secret", "server-secret",
                                                     "personal", "stored-personal")},
    **{("exposure", c): "sensitive-exposure" for c in ("stored-password", "server-secret", "environment")},
    ("exposure", "exception"): "exception-exposure",
    # a card number or national id the application keeps, sent back out (what the client itself just typed in is
    # its own: only a stored object's field counts)
    ("exposure", "stored-personal"): "personal-exposure",
    ("secret-store", "password"): "plaintext-password",
    # (an API key in a query string is often how the API asks for it: passwords only)
    **{("secret-url", c): "sensitive-url" for c in ("password", "stored-password")},
}
# Server-side stores the client can read: Flask's default session is a signed, unencrypted cookie
CLIENT_STORES = frozenset({"flask.Session store"})


def sensitive_rule_kind(kind: str, category: str, api: str) -> str | None:
    """Which sensitive-data rule reports data of ``category`` reaching a sink of ``kind``, if any."""
    if kind == "trust" and api in CLIENT_STORES and category in ("password", "stored-password", "server-secret"):
        return "sensitive-exposure"
    return _RULE_KINDS.get((kind, category))


_GET_METHODS = frozenset({"get", "getlist", "pop", "getattr", "get_json_value"})


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    with open(Path(__file__).parent.parent / "models" / "sensitive_sources.toml", "rb") as fh:
        data = tomllib.load(fh)
    names = data["names"]
    return {
        "categories": {cat: frozenset(names[cat]) for cat in ("password", "secret", "personal")},
        "not_words": frozenset(names["not_words"]),
        "not_prefixes": tuple(names["not_prefixes"]),
        "exception_calls": frozenset(data["exception"]["calls"]),
        "environment": frozenset(data["environment"]["mappings"]),
        "cleaners": frozenset(data["cleaners"]["words"]),
        "lookups": frozenset(data["lookups"]["words"]),
    }


@lru_cache(maxsize=1 << 16)  # a worker meets the same names in every module: 4,096 missed on Nova
def category_of(name: str) -> str | None:
    """The category of data a name says it holds ("password", "secret", "personal"), or None.

    ``user_password``, ``apiKey``, ``SECRET_KEY`` and ``request.form["pwd"]`` name secrets; ``password_hash``,
    ``token_type``, ``password_length``, ``is_secret`` and ``reset_token_url`` name something about one."""
    if not name or len(name) > 60:
        return None
    lowered = name.lower().lstrip("_")
    vocab = _vocabulary()
    if lowered.startswith(vocab["not_prefixes"]):
        return None
    words = [w.lower() for w in _WORD.findall(name)]
    if not words or any(w in vocab["not_words"] for w in words):
        return None
    for cat, known in vocab["categories"].items():
        if lowered in known:
            return cat
    # a compound name: its last word (or last two) must be the secret itself (user_password, db_api_key)
    tail2 = "_".join(words[-2:])
    for cat, known in vocab["categories"].items():
        if tail2 in known or (words[-1] in known and words[-1] != "pan"):
            return cat
    return None


def exception_value(fa, handler: ast.ExceptHandler, value: Value) -> Value:
    """``except E as e``: ``e`` carries its own text (CWE-209 when a client sees it)."""
    if not revealing_handler(fa, handler):
        return value
    return value.with_taint(join_taint(value.taint, _label(fa, handler, "exception",
                                                           f"the exception's text ('{handler.name}')")))


def after_call(fa, e: ast.Call, value: Value, env: dict) -> Value:
    """Sources and cleaners known by the call: ``traceback.format_exc()``, ``dict(os.environ)``,
    ``form.get("password")``; ``mask_card(number)`` or ``redact(token)`` return what no longer holds it. A call
    that stores a password (an SQL INSERT, a model built with ``password=``) is a plain-text storage sink."""
    func = e.func
    kind = func.__class__
    last = func.attr if kind is ast.Attribute else func.id if kind is ast.Name else None
    if last is None:
        return value
    if not e.keywords and not value.taint:  # then only the name-chosen branches below can apply
        plain = _PLAIN_CALLEE.get(last)
        if plain is None:
            plain = _PLAIN_CALLEE[last] = last not in ("execute", "executemany", "dict", "copy") and \
                last not in _GET_METHODS and not last.startswith(("format_", "extract_", "exc_info"))
        if plain:
            return value
    if e.keywords or last in ("execute", "executemany"):
        _password_store(fa, e, last, env)
    vocab = _vocabulary()
    if last in _GET_METHODS and isinstance(func, ast.Attribute) and e.args and isinstance(e.args[0], ast.Constant) \
            and isinstance(e.args[0].value, str):
        key = e.args[0].value
        if _whole_environment(fa, func.value):
            value = _without(value, "environment")
        return _by_name(fa, e, key, value, _config_like(fa, func.value) or key.isupper())
    if last.startswith(("format_", "extract_", "exc_info")):
        q = fa.ctx.qualname(func)
        if q in vocab["exception_calls"] and not debug_only_node(fa, e):
            return value.with_taint(join_taint(value.taint, _label(fa, e, "exception", f"{q}()")))
    if last in ("dict", "copy"):
        mapping = e.args[0] if last == "dict" and e.args else func.value if isinstance(func, ast.Attribute) else None
        if _whole_environment(fa, mapping):
            return value.with_taint(join_taint(value.taint, _label(fa, e, "environment", "the process environment")))
    if value.taint and last in vocab["lookups"]:  # (a call's result settles later: mark it, do not drop it)
        return value.cleansed(SENSITIVE_KINDS)
    if value.taint and _names_cleaner(last):
        return value.cleansed(SENSITIVE_KINDS)
    return value


_PLAIN_CALLEE: dict[str, bool] = {}  # callee name -> none of after_call's name tests can pick it


@lru_cache(maxsize=1 << 16)
def _names_cleaner(name: str) -> bool:
    """Does a callee's name say it hashes or masks (``mask_card``, ``redactToken``)? Asked of every tainted call."""
    cleaners = _vocabulary()["cleaners"]
    return any(w.lower() in cleaners for w in _WORD.findall(name))


def whole_mapping(fa, node: ast.AST, value: Value) -> Value:
    """An assignment or argument that is the environment mapping itself (``env = request.META``)."""
    if _whole_environment(fa, node):
        return value.with_taint(join_taint(value.taint, _label(fa, node, "environment", "the process environment")))
    return value


def _whole_environment(fa, node: ast.AST | None) -> bool:
    if not isinstance(node, ast.Attribute):
        return False
    if fa.ctx.qualname(node) in _vocabulary()["environment"]:
        return True
    if node.attr in ("META", "environ") and isinstance(node.value, ast.Name):
        base = node.value.id
        return base in ("request", "req") or base.endswith("request")
    return False


def _label(fa, node: ast.AST, cat: str, desc: str) -> dict:
    origin = sensitive_origin(fa.path, getattr(node, "lineno", 0), getattr(node, "col_offset", 0), cat, desc)
    return {(origin, frozenset()): (fa.step(node, f"source: {desc}"),)}


class _MaybeSensitive:
    """``attr in MAYBE``: whether an attribute read may need a label (one cached lookup per name)."""

    def __contains__(self, name: str) -> bool:
        return maybe_sensitive(name)


MAYBE = _MaybeSensitive()
MAYBE_MEMO: dict[str, bool] = {}  # read directly by the analyser, once per attribute read


def maybe_sensitive(name: str) -> bool:
    found = MAYBE_MEMO.get(name)
    if found is None:
        found = MAYBE_MEMO[name] = name in ("META", "environ") or category_of(name) is not None
    return found
# Where a secret read by name is the server's own (a setting, the configuration, the environment) rather than a
# value the client sent or was issued (a login form's password, the access token a login returns)
_INPUT_BASES = frozenset({"request", "req", "data", "payload", "body", "form", "params", "args", "json_data",
                          "kwargs", "options", "validated_data", "cleaned_data", "credentials", "creds", "input"})
_CONFIG_BASES = frozenset({"config", "settings", "conf", "CONF", "environ", "app_config", "cfg"})
# Handlers whose exception text is the implementation's, not a message written for the user: broad catches and
# errors raised by the database, the OS or the runtime (a ValidationError's messages are meant to be shown)
_REVEALING = frozenset({"builtins.Exception", "builtins.BaseException", "builtins.OSError", "builtins.IOError",
                        "builtins.EnvironmentError", "builtins.RuntimeError"})
_REVEALING_PREFIXES = ("sqlite3.", "psycopg2.", "psycopg.", "pymysql.", "MySQLdb.", "mysql.connector.",
                       "sqlalchemy.exc.", "django.db.", "pymongo.errors.", "redis.exceptions.", "subprocess.")


def attribute_read(fa, e: ast.Attribute, value: Value) -> Value:
    if e.attr in ("META", "environ"):
        return whole_mapping(fa, e, value)
    return _by_name(fa, e, e.attr, value, _config_like(fa, e.value) or e.attr.isupper(), not input_like(e.value))


def subscript_read(fa, e: ast.Subscript, value: Value) -> Value:
    key = e.slice
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return value
    if _whole_environment(fa, e.value):  # one variable of the environment, not the whole of it
        value = _without(value, "environment")
    return _by_name(fa, e, key.value, value, _config_like(fa, e.value) or key.value.isupper(), not input_like(e.value))


def input_like(base: ast.AST) -> bool:
    """``request.form``, ``data``, ``payload``, ``form.cleaned_data``: where a password is the one just typed in,
    not one the application keeps."""
    while isinstance(base, (ast.Attribute, ast.Subscript, ast.Call)):
        base = base.func if isinstance(base, ast.Call) else base.value
    return isinstance(base, ast.Name) and (base.id in _INPUT_BASES or base.id.endswith(("request", "form", "args")))


def assigned(fa, target: ast.Name, value: Value, stmt: ast.AST) -> Value:
    """``password = ...``: the variable holds what its name says, unless the value was just hashed or masked."""
    if category_of(target.id) is None:
        return value  # (what _by_name would conclude; asked first, as most names say nothing)
    source = getattr(stmt, "value", None)
    if isinstance(source, ast.Call) and _cleans(fa, source):
        return value
    return _by_name(fa, target, target.id, value, target.id.isupper() and fa.facts.id == fa.mod.body_id)


def parameters(fa, args: list, env: dict) -> dict:
    for a in args:
        name = a.arg
        if name in env and category_of(name) is not None:
            env[name] = _by_name(fa, a, name, env[name], False)
    return env


def returned_from_view(fa, taint: dict, node: ast.AST) -> None:
    fa.sink("exposure", taint, node, "return from a view (response body)")


def rendered(fa, taint: dict, e: ast.Call, api: str) -> None:
    fa.sink("exposure", taint, e, api, "render")


def revealing_handler(fa, handler: ast.ExceptHandler) -> bool:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for t in types:
        q = fa.ctx.qualname(t) if t is not None else "builtins.BaseException"
        if q and (q in _REVEALING or q.startswith(_REVEALING_PREFIXES) or q.rsplit(".", 1)[-1] in (
                "OperationalError", "DatabaseError", "ProgrammingError", "IntegrityError", "InterfaceError")):
            return True
    return False


def _by_name(fa, node: ast.AST, name: str, value: Value, server_side: bool, kept: bool = False) -> Value:
    """``server_side``: a setting or configuration key; ``kept``: a field of a stored object (``user.password``)."""
    cat = category_of(name)
    if cat is None:
        return value
    if cat == "secret" and server_side:
        cat = "server-secret"
    elif cat == "password" and (kept or server_side):
        cat = "stored-password"
    elif cat == "personal" and kept:
        cat = "stored-personal"
    return value.with_taint(join_taint(value.taint, _label(fa, node, cat, f"{_DESC[cat]} ('{name}')")))


def _config_like(fa, base: ast.AST) -> bool:
    if isinstance(base, ast.Attribute):
        return base.attr in _CONFIG_BASES or fa.ctx.qualname(base) == "os.environ"
    if isinstance(base, ast.Name):
        return base.id in _CONFIG_BASES or fa.ctx.qualname(base) in ("os.environ", "django.conf.settings")
    return False


def _cleans(fa, call: ast.Call) -> bool:
    q = fa.ctx.qualname(call.func)
    if q is not None and fa.models.sanitizers.get(q, frozenset()) & set(SENSITIVE_KINDS):
        return True
    func = call.func
    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return _names_cleaner(last)


def _without(value: Value, category: str) -> Value:
    if not value.taint:
        return value
    kept = {label: trace for label, trace in value.taint.items()
            if sensitive_category(label[0]) != category}
    return value if len(kept) == len(value.taint) else value.with_taint(kept)


def debug_only_node(fa, node: ast.AST) -> bool:
    """Code that runs only with the debug flag on shows a developer, not production (``rules.common.debug_only``)."""
    from ...rules.common import debug_only

    return debug_only(node, fa.ctx)


_SQL_WRITE = re.compile(r"^\s*(insert|update|replace)\b", re.IGNORECASE)
_SQL_COLUMNS = re.compile(r"\(([^()]*)\)\s*values\s*\(", re.IGNORECASE)
_SQL_SET = re.compile(r"\bset\b(.*?)(?:\bwhere\b|$)", re.IGNORECASE | re.DOTALL)
_PASSWORD_KEYWORDS = ("password", "passwd", "pwd", "user_password")
_ORM_WRITES = frozenset({"create", "update", "update_or_create", "get_or_create", "insert", "save", "add"})
_MODEL_MODULES = ("models", "model", "schemas", "entities", "tables", "db")


def _password_store(fa, e: ast.Call, last: str, env: dict) -> None:
    """CWE-256: ``cur.execute("INSERT INTO users (name, password) VALUES (?, ?)", (name, password))`` or
    ``User(name=name, password=password)`` with a password that no KDF has hashed."""
    if last in ("execute", "executemany"):
        if len(e.args) < 2:
            return
        sql = fa.expr(e.args[0], dict(env))
        if not (sql.known and isinstance(sql.value, str) and _SQL_WRITE.match(sql.value)):
            return
        columns = _sql_password_columns(sql.value)
        if not columns:
            return
        params = fa.expr(e.args[1], dict(env))
        if params.items is not None and all(i < len(params.items) for i in columns) and \
                sql.value.count("?") + sql.value.count("%s") == len(params.items):
            if all(params.items[i].consts is not None for i in columns):
                return  # a literal password in a seed row: the hard-coded credential rules report the literal
            taint = join_taint(*(params.items[i].all_taint() for i in columns))
        elif params.consts is not None:
            return
        else:
            taint = params.all_taint()
        _store_sink(fa, taint, e, f"SQL {sql.value.split()[0].upper()}")
        return
    if last in ("create_user", "create_superuser", "set_password"):
        return
    if not any(kw.arg and kw.arg.lower() in _PASSWORD_KEYWORDS for kw in e.keywords) or not _model_write(fa, e, last):
        return  # (the keyword test first: it is cheaper, and most calls pass no password)
    for kw in e.keywords:
        if kw.arg and category_of(kw.arg) == "password" and kw.arg.lower() in _PASSWORD_KEYWORDS:
            value = fa.expr(kw.value, dict(env))
            if value.consts is None:
                _store_sink(fa, value.all_taint(), e, f"{last}(..., {kw.arg}=...)")


def _store_sink(fa, taint: dict, e: ast.Call, api: str) -> None:
    kept = {label: trace for label, trace in taint.items() if sensitive_category(label[0]) in (None, "password")}
    if kept:
        fa.sink("secret-store", kept, e, api)


def _sql_password_columns(sql: str) -> list[int]:
    """Positions of the password columns of an INSERT's column list (or an UPDATE's SET list)."""
    found = _SQL_COLUMNS.search(sql)
    if found:
        names = [c.strip().strip('`"[]') for c in found.group(1).split(",")]
    else:
        found = _SQL_SET.search(sql) if sql.lstrip().lower().startswith("update") else None
        if not found:
            return []
        names = [part.split("=")[0].strip().strip('`"[]') for part in found.group(1).split(",")]
    return [i for i, n in enumerate(names) if category_of(n) == "password"]


def _model_write(fa, e: ast.Call, last: str) -> bool:
    """A model row built or written: ``User(...)`` for a class of a models module, ``User.objects.create(...)``."""
    func = e.func
    if last in _ORM_WRITES and isinstance(func, ast.Attribute):
        inner = func.value
        return isinstance(inner, ast.Attribute) and inner.attr == "objects"
    if not last[:1].isupper():
        return False
    q = fa.ctx.qualname(func) or ""
    if q in fa.mod.facts.classes:
        bases = fa.mod.facts.classes[q]
        return any(b.rsplit(".", 1)[-1] in ("Model", "Base", "Document", "DeclarativeBase", "SQLModel")
                   for b in bases)
    module = q.rpartition(".")[0]
    return any(part in _MODEL_MODULES for part in module.split("."))
