"""What a real secret looks like, shared by every hard-coded-credential check (Python code and configuration files).

Three kinds of evidence, from strongest to weakest:

- a **known format**: an AWS key ID, a GitHub/GitLab/Slack/Stripe/Google/SendGrid/npm/PyPI/OpenAI token, a PEM
  private key block, a JWT (``python/models/secrets.toml``) — a secret whatever the variable is called;
- **high entropy** at a secret-named key: ``password: Zq8pL2xv!a`` — mixed character classes, many distinct
  characters, long enough that nobody typed it as a label;
- a **plausible literal** at a secret-named target: not empty, not a placeholder (``changeme``, ``<your key>``,
  ``${DB_PASSWORD}``), not an environment-variable name, path, URL, template or prose.

``looks_like_secret`` is the third, ``has_high_entropy`` the second, ``known_format`` the first. Secrets in test
fixtures and example configurations (``tests/``, ``fixtures/``, ``examples/``, ``*.example``, ``*.sample``) are
real text in the repository, so they are reported, but graded down (``is_fixture_path``).
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .common import name_words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10
    import tomli as tomllib

_DATA = Path(__file__).resolve().parent.parent / "python" / "models" / "secrets.toml"

# --- names -------------------------------------------------------------------------------------------------------

_SECRET_WORDS = ("password", "passwd", "passphrase", "pwd", "secret", "apikey", "accesskey", "privatekey",
                 "authtoken", "accesstoken", "refreshtoken", "bearertoken", "secrettoken", "signingkey",
                 "encryptionkey", "masterkey", "credential")
_SECRET_TOKENS = frozenset({"pass", "pw", "psw"})  # whole words only: db_pass, smtp_pw
# A name containing one of these words names something *about* a secret (its label, env var, file, length…).
_NOT_A_SECRET_WORDS = frozenset({
    "name", "names", "field", "fields", "label", "prompt", "message", "msg", "url", "uri", "path", "file",
    "filename", "dir", "env", "var", "header", "param", "policy", "length", "len", "min", "max", "regex",
    "pattern", "format", "hint", "placeholder", "id", "type", "help", "text", "title", "column", "attr",
    "input", "widget", "template", "hash", "hashed", "hasher", "algorithm", "alg", "scheme", "mode", "reset",
    "question", "required", "enabled", "expiry", "expires", "ttl", "age", "timeout", "key_name", "prefix",
    "suffix", "salt", "rounds", "iterations", "validator", "validators", "error", "errors", "changed", "set",
    "manager", "backend", "store", "provider", "class", "cls", "mask", "chars", "charset", "confirm", "label",
})
_PLACEHOLDERS = frozenset({
    "changeme", "change_me", "change-me", "changeit", "password", "passwd", "secret", "pass", "test", "testing",
    "dummy", "example", "sample", "fake", "placeholder", "redacted", "none", "null", "nil", "todo", "fixme",
    "tbd", "xxx", "default", "your_password", "yourpassword", "mypassword", "your-secret", "your_secret",
    "your_api_key", "api_key", "apikey", "secret_key", "token", "required", "unset", "empty", "hidden",
})
# Settings values, not secrets: ``"Access-Control-Allow-Credentials": "true"`` turns a feature on
_FLAG_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "allow", "deny",
                         "include", "required", "optional"})
_PLACEHOLDER_MARKERS = re.compile(r"example|placeholder|changeme|change[_-]me|dummy|fake|sample|redacted|"
                                  r"your[_-]|replace[_-]?me|insert[_-]|xxxx|\*\*\*", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # a pure function of the name, and a project repeats its names endlessly
def is_secret_name(name: str) -> bool:
    """True when ``name`` names a secret value itself (``db_password``), not something about it (``password_field``)."""
    words = name_words(name)
    if not words or any(w in _NOT_A_SECRET_WORDS for w in words):
        return False
    joined = "".join(words)
    if any(w in _SECRET_TOKENS for w in words):
        return True
    if not any(s in joined for s in _SECRET_WORDS):
        return False
    # ``apikey`` inside ``apikeyheader`` was already excluded above; ``secretary``/``passwordless`` are not secrets.
    return not any(x in joined for x in ("secretary", "passwordless", "nopassword"))


# --- values ------------------------------------------------------------------------------------------------------

def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        try:
            return value.decode("ascii")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def is_reference(v: str) -> bool:
    """Text that names or points at a secret instead of being one: an environment-variable name, a path, a URL,
    a template slot, a dotted settings reference."""
    if re.fullmatch(r"[A-Z][A-Z0-9_]*_[A-Z0-9_]+", v):  # "DB_PASSWORD": the name of an environment variable
        return True
    if v.startswith(("/", "./", "~", "http://", "https://", "<", "$", "%(", "{")) or "{" in v and "}" in v:
        return True  # a path, a URL, a template or a placeholder to fill in
    if re.fullmatch(r"[^@\s]+@[\w-]+(\.[\w-]+)+", v):  # an e-mail address: whose account, not its password
        return True
    return bool(re.fullmatch(r"[a-z]+(\.[a-z_]+)+", v.lower()))  # "settings.secret_key": a dotted reference


def is_placeholder(v: str) -> bool:
    low = v.lower()
    if low in _PLACEHOLDERS or len(set(low)) <= 2:  # "xxxxxx", "******", "0000"
        return True
    if re.fullmatch(r"(your|my|the|enter|insert|replace|put)[-_ ].*", low) or low.startswith(("dummy", "fake", "test")):
        return True
    return bool(_PLACEHOLDER_MARKERS.search(v))


def looks_like_secret(value: object) -> bool:
    """A literal that could really be a credential: not empty, not a placeholder, not an env-var name, path or prose."""
    if isinstance(value, bytes) and _text(value) is None:
        return True  # raw key bytes
    v = _text(value)
    if v is None:
        return False
    if len(v) < 4 or v != v.strip() or any(c.isspace() for c in v):
        return False
    return not is_placeholder(v) and not is_reference(v) and v.lower() not in _FLAG_WORDS


def used_as_credential(value: object) -> bool:
    """A literal in a position where the code *uses* it as a key or password (``jwt.encode(p, "secret")``):
    even a placeholder-like word is then the real, guessable credential. Only empty text, masks, references and
    prose are ruled out."""
    if isinstance(value, bytes) and _text(value) is None:
        return bool(value)
    v = _text(value)
    if not v or v != v.strip() or len(set(v)) <= 1 or " " in v.strip() or v.lower() in _FLAG_WORDS:
        return False
    return not is_reference(v)


def plausible_password(value: object) -> bool:
    """Looks like something a person chose as a password, not a word used as a label or an enum value
    (``"host"``, ``"viewer"``): a secret-looking literal with a digit, a symbol or mixed case, or a long one."""
    v = _text(value)
    if v is None or not looks_like_secret(v):
        return False
    classes = sum((any(c.islower() for c in v), any(c.isupper() for c in v), any(c.isdigit() for c in v),
                   any(not c.isalnum() for c in v)))
    return classes >= 2 and not re.fullmatch(r"[A-Za-z]+[_.-][A-Za-z]+", v) and not v.isupper() or len(v) >= 16


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def has_high_entropy(value: object) -> bool:
    """Random-looking enough that nobody typed it as a word: 10+ characters, three character classes or a long
    hex/base64 run, and close to the entropy of random text of its length."""
    v = _text(value)
    if v is None or not looks_like_secret(v) or len(v) < 10:
        return False
    classes = sum((any(c.islower() for c in v), any(c.isupper() for c in v), any(c.isdigit() for c in v),
                   any(not c.isalnum() for c in v)))
    if classes < 2 or classes == 2 and len(v) < 20:
        return False
    if re.fullmatch(r"[A-Za-z]+([_.-][A-Za-z]+)+", v):  # "Hello-World-Again": words, not a secret
        return False
    return entropy(v) >= min(3.0, math.log2(len(v)) * 0.75)


# --- formats -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SecretFormat:
    name: str
    pattern: re.Pattern
    confidence: str


@dataclass(frozen=True)
class CredentialCall:
    args: tuple[int, ...]
    kwargs: tuple[str, ...]
    kind: str  # "key", "password", "seeded"
    arg_count: int = 0  # methods only: how many positional arguments the call has
    strict: bool = False


@dataclass(frozen=True)
class _Data:
    formats: tuple[SecretFormat, ...]
    calls: dict[str, CredentialCall]
    methods: dict[str, CredentialCall]


@functools.lru_cache(maxsize=1)
def _data() -> _Data:
    with open(_DATA, "rb") as fh:
        raw = tomllib.load(fh)
    formats = tuple(SecretFormat(f["name"], re.compile(f["pattern"]), f.get("confidence", "high"))
                    for f in raw.get("format", []))
    calls: dict[str, CredentialCall] = {}
    methods: dict[str, CredentialCall] = {}
    for table, into in (("credential_call", calls), ("credential_method", methods)):
        for entry in raw.get(table, []):
            spec = CredentialCall(tuple(entry.get("args", ())), tuple(entry.get("kwargs", ())), entry["kind"],
                                  entry.get("arg_count", 0), entry.get("strict", False))
            for name in entry["names"]:
                into[name] = spec
    return _Data(formats, calls, methods)


def credential_call(qualname: str | None) -> CredentialCall | None:
    return _data().calls.get(qualname) if qualname else None


def credential_method(name: str) -> CredentialCall | None:
    return _data().methods.get(name)


_FORMAT_HINT = re.compile(r"AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|_live_|_test_|AIza|"
                          r"SG\.|npm_|pypi-|T3BlbkFJ|PRIVATE KEY|eyJ")


def known_format(text: object) -> SecretFormat | None:
    """The vendor format ``text`` contains, if any; examples (``AKIAIOSFODNN7EXAMPLE``) are not secrets."""
    t = _text(text)
    if t is not None:
        t = t[:100_000]  # a key sits near where its literal starts; a megabyte of text is data, not a secret
    if not t or len(t) < 16 or not _FORMAT_HINT.search(t):
        return None
    for fmt in _data().formats:
        m = fmt.pattern.search(t)
        if m and not _PLACEHOLDER_MARKERS.search(m.group(0)) and not _repetitive(m.group(0)):
            if fmt.name == "private key" and not pem_has_body(t[m.end():]):
                continue  # a header used as a marker ("-----BEGIN RSA PRIVATE KEY-----" in a parser)
            return fmt
    return None


def private_key_header(text: str) -> re.Match | None:
    for fmt in _data().formats:
        if fmt.name == "private key":
            return fmt.pattern.search(text)
    return None


def pem_has_body(after_header: str) -> bool:
    """Base64 key material after a PEM header (header lines such as ``Proc-Type:`` skipped; ``\\n`` escapes of
    JSON and YAML read as line breaks)."""
    lines = after_header[:2000].replace("\\n", "\n").splitlines()
    body = "".join(part.strip().strip("\"',") for part in lines if ":" not in part)
    return bool(re.match(r"[A-Za-z0-9+/=]{40}", body))


_HASH_PREFIXES = ("$2a$", "$2b$", "$2y$", "$argon2", "pbkdf2:", "pbkdf2_sha", "scrypt:", "sha256$", "sha1$",
                  "md5$", "bcrypt$", "bcrypt_sha256$", "argon2$", "$6$", "$5$", "$1$", "{SSHA}", "{SHA}")


def looks_hashed(value: object) -> bool:
    """A password hash, not a password: what a seeded account or a fixture should hold."""
    return isinstance(value, str) and (value.startswith(_HASH_PREFIXES)
                                       or bool(re.fullmatch(r"[0-9a-fA-F]{32,}", value)))


_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "pw", "passphrase", "pin"})
_DIGEST_WORDS = frozenset({"hash", "hashed", "digest", "md5", "sha1", "sha256", "sha512"})
_DIGEST_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})  # hex MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512


def names_password_digest(name: str | None) -> bool:
    """``stored_password_hash`` / ``ADMIN_PWD_MD5``: a name for the digest of a password."""
    words = set(name_words(name or ""))
    return bool(words & _PASSWORD_WORDS) and bool(words & _DIGEST_WORDS)


def unsalted_digest(value: object) -> bool:
    """A bare hex digest (no salt, no scheme, no rounds): what ``hashlib.md5(pw).hexdigest()`` gives, and what a
    wordlist reverses at once."""
    return isinstance(value, str) and len(value) in _DIGEST_LENGTHS and bool(re.fullmatch(r"[0-9a-fA-F]+", value)) \
        and len(set(value.lower())) > 6


def _repetitive(token: str) -> bool:
    """``ghp_xxxxxxxxxxxxxxxx…`` / ``AKIA0000000000000000``: a template of the format, not a key."""
    body = re.sub(r"^[A-Za-z]+[_-]", "", token)
    return len(set(body)) <= 4 or entropy(body) < 2.5 and "PRIVATE KEY" not in token


# --- where the text lives --------------------------------------------------------------------------------------

_FIXTURE_PATH = re.compile(r"(^|/)(tests?|testing|fixtures?|examples?|samples?|demos?|docs?|test_data|testdata)(/|$)"
                           r"|(^|/)test_[^/]*$|_tests?\.[a-z]+$|\.(example|sample|dist|template|tmpl|tpl)$"
                           r"|[._-](example|sample)(\.[a-z]+)?$", re.IGNORECASE)


def is_fixture_path(rel: str) -> bool:
    """Test fixtures, examples, samples and templates of configuration: secrets there are usually (not always)
    made up, so they are reported at low severity and confidence rather than dropped."""
    return bool(_FIXTURE_PATH.search(rel.replace("\\", "/")))
