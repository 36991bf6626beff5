"""CWE-693 Protection Mechanism Failure: the crypto, randomness, transport and cookie settings that make a
security control only look like one (broken hashes and ciphers, guessable secrets, switched-off TLS checks,
cookies that travel in clear, CSRF and JWT checks turned off, short keys, cleartext logins).
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..findings import Confidence
from ..web.settings import UNKNOWN, imports_web_framework, settings_of
from .common import in_relaxed_config_class, is_false, last_name, name_words, per_module
from .registry import Hit, pattern_rule

# --- helpers ---------------------------------------------------------------------------------------------------


def _only_looked_up(node: ast.AST, ctx) -> bool:
    """True when a constant is compared against or used as a table key, not configured:
    ``if ctx.verify_mode == ssl.CERT_NONE: raise``, ``{ssl.PROTOCOL_TLSv1: "TLSv1"}``, ``names[ssl.CERT_NONE]``."""
    child, parent = node, ctx.parent(node)
    while isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        child, parent = parent, ctx.parent(parent)
    if isinstance(parent, ast.Compare):
        return True
    if isinstance(parent, ast.Dict) and any(k is child for k in parent.keys):
        return True
    return isinstance(parent, ast.Subscript) and parent.slice is child


# --- CWE-328 weak hash -----------------------------------------------------------------------------------------

_WEAK_HASH_CALLS = frozenset({
    "hashlib.md5", "hashlib.sha1",
    "Crypto.Hash.MD2.new", "Crypto.Hash.MD4.new", "Crypto.Hash.MD5.new", "Crypto.Hash.SHA1.new", "Crypto.Hash.SHA.new",
    "Cryptodome.Hash.MD2.new", "Cryptodome.Hash.MD4.new", "Cryptodome.Hash.MD5.new", "Cryptodome.Hash.SHA1.new",
    "cryptography.hazmat.primitives.hashes.MD5", "cryptography.hazmat.primitives.hashes.SHA1",
})
_WEAK_HASH_NAMES = frozenset({"md2", "md4", "md5", "sha1", "sha", "md5-sha1", "md5_sha1"})
_SECRETISH_WORDS = frozenset({"password", "passwd", "pwd", "secret", "token", "signature", "sign", "credential",
                              "credentials", "auth", "otp", "salt"})
# Values that are names of things, not secrets: a digest of them is an identifier (a Gravatar URL, a cache key), and
# where it is used as a token the defect is the token's recipe (predictable-token), not the algorithm
_IDENTIFIER_WORDS = frozenset({"user", "username", "login", "email", "mail", "uid", "userid", "id", "account", "name",
                               "url", "uri", "path", "filename", "host", "hostname"})
_NOT_SECURITY_PURPOSES = frozenset({"cache", "cached", "etag", "cachekey", "fingerprint", "checksum"})
_PASS_THROUGH = frozenset({"encode", "lower", "upper", "strip", "casefold", "str", "bytes", "format", "join"})


def _file_stem(ctx) -> str:
    """The module's file name without folder and suffix: ``settings`` for ``shop/settings.py``."""
    return ctx.rel_path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _only_identifiers(args: list[ast.expr], ctx) -> bool:
    """True when what is hashed is built only from identifier-named values and literals (``md5(email.lower())``,
    ``sha1(username.encode() + b"salt")``): nothing in it is secret, so the algorithm's strength protects nothing."""
    seen_identifier = False
    stack: list[ast.AST] = list(args)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant):
            continue
        if isinstance(node, ast.Call):
            func = node.func
            last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if last not in _PASS_THROUGH or node.keywords and last != "encode":
                return False
            if isinstance(func, ast.Attribute):
                stack.append(func.value)
            stack.extend(node.args)
            continue
        if isinstance(node, (ast.BinOp, ast.JoinedStr, ast.FormattedValue)):
            stack.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr))
            continue
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
            words = set(name_words(last_name(node, ctx) or ""))
            if not words & _IDENTIFIER_WORDS or words & _SECRETISH_WORDS:
                return False
            seen_identifier = True
            continue
        return False
    return seen_identifier


def _hash_name_literal(node: ast.AST | None, ctx) -> str | None:
    """A hash name given as a literal, or as a local name bound once to a literal in the same function."""
    value = ctx.literal(node)
    if isinstance(value, str):
        return value
    if isinstance(node, ast.Name):
        scope = ctx.enclosing_function(node) or ctx.tree
        bound = [s.value for s in ast.walk(scope) if isinstance(s, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == node.id for t in s.targets)]
        if len(bound) == 1:
            value = ctx.literal(bound[0])
            if isinstance(value, str):
                return value
    return None


# the other words a function named for the algorithm it provides may have: _sqlite_md5, md5_hex, compute_sha1
_WRAPPER_WORDS = frozenset({"sqlite", "db", "sql", "hash", "hex", "hexdigest", "digest", "compute", "calc", "get",
                            "make", "py", "legacy", "compat", "func", "function", "impl"})


def _algorithm_wrapper(name: str) -> bool:
    words = set(name_words(name))
    return bool(words & _WEAK_HASH_NAMES) and words - _WEAK_HASH_NAMES <= _WRAPPER_WORDS


@pattern_rule(
    id="weak-hash", cwe=328, severity="medium", confidence="medium",
    title="Weak hash algorithm (MD5/SHA-1)",
    message="MD5 and SHA-1 collisions are practical and both are fast to brute-force, so they cannot protect "
            "integrity, signatures or passwords.",
    fix="Use hashlib.sha256() (or hashlib.scrypt / argon2 / bcrypt for passwords); where the hash is not a "
        "security control, say so with usedforsecurity=False.",
    requires_imports=("hashlib", "Crypto", "Cryptodome", "cryptography"),
)
def weak_hash(node: ast.Call, ctx) -> Iterator[Hit]:
    name = ctx.call_name(node)
    if name is None:
        return
    if name in _WEAK_HASH_CALLS:
        pass
    elif name in ("hashlib.new", "Crypto.Hash.new", "Cryptodome.Hash.new"):
        algo = _hash_name_literal(ctx.arg(node, 0, "name"), ctx)
        if algo is None or algo.lower() not in _WEAK_HASH_NAMES:
            return
    else:
        return
    if is_false(ctx.kwarg(node, "usedforsecurity")) or _only_identifiers(node.args, ctx):
        return
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute) and parent.attr in ("digest_size", "block_size", "name"):
        return  # hashlib.sha1().digest_size: nothing is hashed
    func = ctx.enclosing_function(node)
    purpose = set(name_words(func.name)) if func else set()
    holder = parent
    while isinstance(holder, (ast.Attribute, ast.Call)):  # md5(x).hexdigest()
        holder = ctx.parent(holder)
    if isinstance(holder, ast.Assign):
        for target in holder.targets:
            purpose.update(name_words(last_name(target, ctx) or ""))
    # (a module that is a cache, template/loaders/cached.py, digests its keys)
    module = set(name_words(_file_stem(ctx)))
    if (purpose | module) & _NOT_SECURITY_PURPOSES and not purpose & _SECRETISH_WORDS:
        return  # cache_key = md5(...), def etag(...): the digest names content, it protects nothing
    context_words = set(purpose)
    for arg in node.args:
        for sub in ast.walk(arg):
            if isinstance(sub, (ast.Name, ast.Attribute, ast.Subscript)):
                context_words.update(name_words(last_name(sub, ctx) or ""))
    if context_words & _SECRETISH_WORDS:
        yield Hit(node, confidence=Confidence.HIGH)
    elif func is not None and _algorithm_wrapper(func.name):
        # def _sqlite_md5(text): a wrapper named for the algorithm it provides (SQL's MD5(), a compatibility
        # shim); whether that is a weakness is the caller's choice, reported where it is made
        return
    else:
        yield Hit(node)


# --- CWE-327 weak cipher or mode -------------------------------------------------------------------------------

_WEAK_CIPHER_MODULES = ("DES", "DES3", "ARC2", "ARC4", "Blowfish", "CAST", "XOR")
_WEAK_CIPHER_CALLS = frozenset(
    [f"{pkg}.Cipher.{m}.new" for pkg in ("Crypto", "Cryptodome") for m in _WEAK_CIPHER_MODULES]
    + [f"{pkg}.{alg}" for pkg in ("cryptography.hazmat.primitives.ciphers.algorithms",
                                  "cryptography.hazmat.decrepit.ciphers.algorithms")
       for alg in ("TripleDES", "ARC4", "Blowfish", "CAST5", "IDEA", "SEED", "RC2")]
    + ["pyDes.des", "pyDes.triple_des"]
)


@pattern_rule(
    id="weak-cipher", cwe=327, severity="high", confidence="high",
    title="Broken cipher or ECB mode",
    message="DES, 3DES, RC2, RC4, Blowfish and friends are broken or have 64-bit blocks, and ECB mode encrypts "
            "equal blocks to equal ciphertext, so the data's structure leaks through the encryption.",
    fix="Use an authenticated cipher: cryptography's AESGCM or ChaCha20Poly1305 (or AES.new(key, AES.MODE_GCM) "
        "in pycryptodome) with a fresh random nonce per message.",
    requires_imports=("Crypto", "Cryptodome", "cryptography", "pyDes"),
)
def weak_cipher(node: ast.Call, ctx) -> Iterator[Hit]:
    name = ctx.call_name(node)
    if name is None:
        return
    if name in _WEAK_CIPHER_CALLS or name == "cryptography.hazmat.primitives.ciphers.modes.ECB":
        yield Hit(node)
        return
    if name.startswith(("Crypto.Cipher.", "Cryptodome.Cipher.")) and name.endswith(".new"):
        mode = ctx.arg(node, 1, "mode")
        mode_name = ctx.qualname(mode) if mode is not None else None
        if mode_name and mode_name.endswith(".MODE_ECB"):
            yield Hit(node)


# --- CWE-330 predictable randomness used for a secret ----------------------------------------------------------

_RANDOM_FUNCS = frozenset({
    "random", "randint", "randrange", "choice", "choices", "sample", "shuffle", "getrandbits", "randbytes",
    "uniform", "triangular", "normalvariate", "gauss", "lognormvariate", "expovariate", "vonmisesvariate",
    "gammavariate", "betavariate", "paretovariate", "weibullvariate", "binomialvariate",
})
_SECRET_NAME = re.compile(
    r"token|secret|passw(or)?d|passwd|passphrase|nonce|salt|otp|sessionid|sessid|sessionkey|apikey|accesskey|"
    r"secretkey|signingkey|privatekey|resetcode|authcode|verificationcode|confirmationcode|activationcode|"
    r"csrf|rememberme|sessiontoken")
_SECRET_WORD = frozenset({"pwd", "pin", "otp"})
_NOT_SECRET_WORDS = frozenset({"len", "length", "count", "num", "size", "index", "idx", "type", "kind", "delay",
                               "timeout", "attempts", "retries", "name", "field", "label", "prompt", "chars",
                               "charset", "alphabet", "alphabets", "rounds", "ttl", "expiry", "age", "bits"})
_SECRET_STORE = re.compile(r"session|cookie|token|secret")


def _is_secret_name(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    words = name_words(name)
    if not words or any(w in _NOT_SECRET_WORDS for w in words):
        return False
    return bool(_SECRET_NAME.search("".join(words))) or any(w in _SECRET_WORD for w in words)


def _is_random_call(node: ast.AST, ctx) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = ctx.call_name(node)
    return bool(name) and name.startswith("random.") and name.count(".") == 1 and name[7:] in _RANDOM_FUNCS


@per_module
def _module_uses_random(ctx) -> bool:
    return any(_is_random_call(call, ctx) for call in ctx.nodes_of_type(ast.Call))


def _expr_sources(expr: ast.AST | None, ctx, tainted: dict[str, set]) -> set:
    """The random calls an expression's value comes from: directly, or through tainted local names."""
    out: set = set()
    if expr is None:
        return out
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if _is_random_call(node, ctx):
            out.add(node)
        elif isinstance(node, ast.Name) and node.id in tainted:
            out |= tainted[node.id]
        stack.extend(ast.iter_child_nodes(node))
    return out


def _target_names(target: ast.AST) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            yield from _target_names(elt)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def _is_secret_store(target: ast.AST, ctx) -> bool:
    """``session[k] = v``, ``resp.cookies[k] = v``, ``tokens[user] = v``, ``self.reset_code = v``, ``otp = v``.

    A plain local called just ``token`` is not enough on its own (MIME boundaries, parser tokens); it counts
    once it is stored, sent or returned as a secret, which the other sinks see."""
    if isinstance(target, ast.Subscript):
        holder = last_name(target.value, ctx)
        if holder and _SECRET_STORE.search("".join(name_words(holder))):
            return True
    name = last_name(target, ctx)
    if isinstance(target, ast.Name) and name and name_words(name) == ["token"]:
        return False
    return _is_secret_name(name)


@pattern_rule(
    id="insecure-random-secret", cwe=330, severity="high", confidence="high",
    title="Predictable random value used as a secret",
    message="The random module is a Mersenne Twister: its output can be predicted from earlier outputs, so tokens, "
            "session ids, passwords or salts made with it can be guessed.",
    fix="Use the secrets module (secrets.token_urlsafe(), secrets.token_hex(), secrets.randbelow(), "
        "secrets.choice()) or random.SystemRandom() for anything an attacker must not guess.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef, ast.Module),
    requires_imports=("random",),
)
def insecure_random_secret(node: ast.AST, ctx) -> Iterator[Hit]:
    if not _module_uses_random(ctx):
        return
    # Class bodies run with the scope around them; nested functions and lambdas are listed but not entered.
    body = ctx.scope_nodes(node, with_header=True, into_classes=True)
    if not any(_is_random_call(n, ctx) for n in body):
        return
    # Flow-insensitive propagation through local names, to a fixpoint (bodies are small).
    tainted: dict[str, set] = {}
    changed = True
    while changed:
        changed = False
        for stmt in body:
            pairs: list[tuple[list[str], ast.AST | None]] = []
            if isinstance(stmt, ast.Assign):
                pairs.append(([n for t in stmt.targets for n in _target_names(t)], stmt.value))
            elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
                pairs.append((list(_target_names(stmt.target)), stmt.value))
            elif isinstance(stmt, ast.NamedExpr):
                pairs.append((list(_target_names(stmt.target)), stmt.value))
            elif isinstance(stmt, ast.For):
                pairs.append((list(_target_names(stmt.target)), stmt.iter))
            elif (isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute)
                  and stmt.func.attr in ("append", "extend", "insert", "add", "update", "write")
                  and isinstance(stmt.func.value, ast.Name)):
                pairs.append(([stmt.func.value.id], ast.Tuple(elts=list(stmt.args), ctx=ast.Load())))
            for names, value in pairs:
                sources = _expr_sources(value, ctx, tainted)
                for name in names:
                    if sources - tainted.get(name, set()):
                        tainted[name] = tainted.get(name, set()) | sources
                        changed = True
    reached: set = set()
    function_is_generator_of_secret = (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                                       and _is_secret_name(node.name))
    for stmt in body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(_is_secret_store(t, ctx) for t in targets):
                reached |= _expr_sources(stmt.value, ctx, tainted)
        elif isinstance(stmt, ast.Call):
            func = stmt.func
            if isinstance(func, ast.Attribute) and func.attr in ("set_cookie", "set_signed_cookie"):
                reached |= _expr_sources(ctx.arg(stmt, 1, "value"), ctx, tainted)
            for kw in stmt.keywords:
                if kw.arg and _is_secret_name(kw.arg):
                    reached |= _expr_sources(kw.value, ctx, tainted)
        elif isinstance(stmt, ast.Dict):
            for key, value in zip(stmt.keys, stmt.values):
                if key is not None and _is_secret_name(ctx.literal(key, None) if isinstance(key, ast.Constant) else None):
                    reached |= _expr_sources(value, ctx, tainted)
        elif isinstance(stmt, ast.Return) and function_is_generator_of_secret:
            reached |= _expr_sources(stmt.value, ctx, tainted)
    for call in sorted(reached, key=lambda c: (c.lineno, c.col_offset)):
        yield Hit(call)


# --- CWE-327 obsolete TLS/SSL protocol versions ----------------------------------------------------------------

_OLD_PROTOCOLS = frozenset(
    [f"ssl.PROTOCOL_{v}" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")]
    + [f"OpenSSL.SSL.{v}_METHOD" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")]
)
_OLD_TLS_VERSIONS = frozenset(f"ssl.TLSVersion.{v}" for v in ("SSLv3", "TLSv1", "TLSv1_1"))
_NO_OLD_PROTOCOL_FLAGS = frozenset(
    [f"ssl.OP_NO_{v}" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")]
    + [f"OpenSSL.SSL.OP_NO_{v}" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")]
)
_DOWNGRADE_MESSAGE = ("Clearing an OP_NO_* flag from the context's options lets the handshake negotiate that "
                      "obsolete protocol again, so an attacker on the path can force the connection down to it "
                      "(POODLE on SSLv3, BEAST on TLS 1.0).")


@pattern_rule(
    id="weak-tls-version", cwe=327, severity="high", confidence="high",
    title="Obsolete SSL/TLS protocol version",
    message="SSLv2, SSLv3, TLS 1.0 and TLS 1.1 have known attacks (POODLE, BEAST) and are deprecated, so a "
            "connection that allows them can be downgraded and read.",
    fix="Use ssl.create_default_context() (or ssl.PROTOCOL_TLS_CLIENT / PROTOCOL_TLS_SERVER) and, if you set a "
        "floor, minimum_version = ssl.TLSVersion.TLSv1_2.",
    nodes=(ast.Attribute, ast.Name),
    requires_imports=("ssl", "OpenSSL"),
    requires_words=("SSLv", "TLSv1"),
)
def weak_tls_version(node: ast.Attribute | ast.Name, ctx) -> Iterator[Hit]:
    name = ctx.qualname(node)
    if name is None or not isinstance(node.ctx, ast.Load):
        return
    if name in _NO_OLD_PROTOCOL_FLAGS:
        if _clears_option(node, ctx):
            yield Hit(node, message=_DOWNGRADE_MESSAGE, cwe=757)
    elif name in _OLD_PROTOCOLS:
        # Only where a connection is configured with it (SSLContext(PROTOCOL_TLSv1), ssl_version=...):
        # libraries keep tables mapping every protocol constant, which configure nothing.
        parent = ctx.parent(node)
        if isinstance(parent, ast.keyword) or (isinstance(parent, ast.Call) and node in parent.args):
            yield Hit(node)
    elif name in _OLD_TLS_VERSIONS:
        parent = ctx.parent(node)
        if isinstance(parent, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr in ("minimum_version", "maximum_version")
                for t in parent.targets):
            yield Hit(node)
        elif isinstance(parent, ast.keyword) and parent.arg in ("minimum_version", "maximum_version"):
            yield Hit(node)


def _clears_option(flag: ast.AST, ctx) -> bool:
    """``ctx.options &= ~ssl.OP_NO_SSLv3`` or ``ctx.options = ctx.options & ~(OP_NO_SSLv3 | OP_NO_TLSv1)``: the flag
    that kept the protocol off is removed. Setting it (``|=``) or testing it (``options & OP_NO_SSLv3``) is not."""
    node, up = flag, ctx.parent(flag)
    while isinstance(up, ast.BinOp) and isinstance(up.op, ast.BitOr):
        node, up = up, ctx.parent(up)
    if not (isinstance(up, ast.UnaryOp) and isinstance(up.op, ast.Invert)):
        return False
    node, up = up, ctx.parent(up)
    while isinstance(up, ast.BinOp) and isinstance(up.op, ast.BitAnd):
        node, up = up, ctx.parent(up)
    if isinstance(up, ast.AugAssign) and isinstance(up.op, ast.BitAnd):
        return isinstance(up.target, ast.Attribute) and up.target.attr == "options"
    if isinstance(up, ast.Assign) and node is up.value and isinstance(node, ast.BinOp):
        return any(isinstance(t, ast.Attribute) and t.attr == "options" for t in up.targets)
    return False


# --- CWE-295 certificate / host key verification switched off --------------------------------------------------

_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send",
                           "Client", "AsyncClient", "Session", "urlopen"})


@pattern_rule(
    id="tls-verification-disabled", cwe=295, severity="high", confidence="high",
    title="TLS certificate verification disabled",
    message="Without certificate and hostname checks anyone on the network path can impersonate the server and "
            "read or change the traffic.",
    fix="Leave verification on (the default); for a private CA pass verify='/path/to/ca.pem' or load it with "
        "ssl.create_default_context(cafile=...).",
    nodes=(ast.Call, ast.Attribute, ast.Name, ast.Assign),
    requires_words=("verify", "ssl", "cert_reqs", "_create_unverified_context", "CERT_NONE", "check_hostname"),
    skips_test_code=True,
)
def tls_verification_disabled(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return  # tests talk to local servers with throw-away certificates
    if isinstance(node, ast.Call):
        name = ctx.call_name(node) or ""
        method = node.func.attr if isinstance(node.func, ast.Attribute) else name.rsplit(".", 1)[-1]
        verify = ctx.kwarg(node, "verify")
        if is_false(verify) and (name.startswith(("requests.", "httpx.")) or method in _HTTP_METHODS):
            yield Hit(node)
            return
        if name.startswith("aiohttp.") or method in _HTTP_METHODS or method == "TCPConnector":
            if is_false(ctx.kwarg(node, "ssl")) or is_false(ctx.kwarg(node, "verify_ssl")):
                yield Hit(node)
                return
        if ctx.literal(ctx.kwarg(node, "cert_reqs"), None) == "CERT_NONE":
            yield Hit(node)
    elif isinstance(node, (ast.Attribute, ast.Name)):
        if not isinstance(node.ctx, ast.Load):
            return
        name = ctx.qualname(node)
        if name == "ssl._create_unverified_context":
            yield Hit(node)
        elif name == "ssl.CERT_NONE" and not _only_looked_up(node, ctx):
            # `CERT_REQUIRED if verify else CERT_NONE` follows a setting: report it, but with less certainty.
            conditional = isinstance(ctx.parent(node), ast.IfExp)
            yield Hit(node, confidence=Confidence.LOW if conditional else None)
    elif isinstance(node, ast.Assign) and is_false(node.value):
        for target in node.targets:
            if (isinstance(target, ast.Attribute) and target.attr == "check_hostname"
                    and not (isinstance(target.value, ast.Name) and target.value.id == "self")):
                yield Hit(node)  # `self.check_hostname = False` is a context class initialising itself
            elif isinstance(target, ast.Attribute) and target.attr == "verify":
                holder = "".join(name_words(last_name(target.value, ctx) or ""))
                if "session" in holder or "client" in holder:
                    yield Hit(node)


@pattern_rule(
    id="ssh-host-key-not-verified", cwe=295, severity="high", confidence="high",
    title="SSH host key accepted without verification",
    message="AutoAddPolicy and WarningPolicy accept any host key, so a man in the middle can pose as the server "
            "and collect the credentials sent to it.",
    fix="Load known hosts (client.load_system_host_keys() / load_host_keys(path)) and keep the default "
        "RejectPolicy.",
    requires_imports=("paramiko",),
    requires_words=("set_missing_host_key_policy",),
)
def ssh_host_key_not_verified(node: ast.Call, ctx) -> Iterator[Hit]:
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "set_missing_host_key_policy"):
        return
    policy = ctx.arg(node, 0, "policy")
    target = policy.func if isinstance(policy, ast.Call) else policy
    name = ctx.qualname(target) if target is not None else None
    if name in ("paramiko.AutoAddPolicy", "paramiko.WarningPolicy", "paramiko.client.AutoAddPolicy",
                "paramiko.client.WarningPolicy"):
        yield Hit(node)


# --- CWE-614 / CWE-1004 cookie flags ---------------------------------------------------------------------------
# Both rules read the configuration model (web/settings.py). Framework settings (SESSION_COOKIE_SECURE and kin)
# govern only the framework's own session and CSRF cookies: Django's, Flask's, Bottle's and Starlette's
# set_cookie default to secure=False, httponly=False whatever the settings say, so no global setting covers a
# cookie the application sets itself.

_COOKIE_SETTINGS = {
    "SESSION_COOKIE_SECURE": 614, "CSRF_COOKIE_SECURE": 614, "REMEMBER_COOKIE_SECURE": 614,
    "SESSION_COOKIE_HTTPONLY": 1004, "REMEMBER_COOKIE_HTTPONLY": 1004,
}
# What Django leaves off unless the settings turn it on (its SESSION_COOKIE_HTTPONLY defaults to True).
_DJANGO_SECURE_COOKIES = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
# Settings that say the site is served over HTTPS: a cookie sent in clear contradicts them.
_HTTPS_SETTINGS = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
                   "PREFERRED_URL_SCHEME")


def _cookie_settings_off(node: ast.Module, ctx, cwe: int) -> Iterator[Hit]:
    """``SESSION_COOKIE_SECURE = False`` in settings, ``app.config[...] = False``, ``config.update(...=False)``,
    in any configuration source that is not meant for development, tests or as overridable defaults."""
    seen: set[int] = set()
    for source in settings_of(ctx).sources:
        if source.relaxed:
            continue
        for name, setting in source.settings.items():
            if (_COOKIE_SETTINGS.get(name) == cwe and setting.is_false and id(setting.node) not in seen
                    and not in_relaxed_config_class(setting.node, ctx)):
                seen.add(id(setting.node))
                yield Hit(setting.node, confidence=Confidence.MEDIUM)


def _django_production_settings(ctx):
    """The module's settings when it is a complete Django settings module for production with debug off: the one
    place where settings left at Django's insecure defaults are a finding (a split layout's base.py, settings that
    star-import another module, dev/test/local files and DEBUG = True files are not judged for what they omit)."""
    source = settings_of(ctx).module
    if source.framework != "django" or source.role != "production" or not source.complete:
        return None
    stem = _file_stem(ctx)
    if stem != "settings" and not re.search(r"prod|live|deploy", stem, re.IGNORECASE):
        return None  # settings/base.py, settings/common.py: completed by the module that imports them
    debug = source.get("DEBUG")
    if debug is not None and debug.is_true:
        return None
    apps = source.value("INSTALLED_APPS")
    uses_sessions = (isinstance(apps, (list, tuple)) and "django.contrib.sessions" in apps) or (
        source.middleware is not None and source.middleware.has("SessionMiddleware"))
    return source if uses_sessions else None


def _django_secure_cookies_missing(ctx) -> Iterator[Hit]:
    source = _django_production_settings(ctx)
    if source is None:
        return
    missing = [name for name in _DJANGO_SECURE_COOKIES if name not in source.settings]
    if not missing:
        return
    https = any(source.value(name) not in (None, False, 0) for name in _HTTPS_SETTINGS)
    anchor = source.get("SESSION_ENGINE") or source.get("DEBUG") or source.get("ALLOWED_HOSTS")
    node = anchor.node if anchor is not None else (source.middleware.node if source.middleware else None)
    if node is None:
        return
    yield Hit(node, confidence=Confidence.MEDIUM if https else Confidence.LOW,
              message=f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set, and Django "
                      "defaults to False: the session and CSRF cookies are also sent over plain HTTP, where anyone "
                      "on the network can read them and take over the session.")


# Settings that make a config class a web application's: a class that sets none of them configures something else.
_WEB_APP_SETTINGS = ("SECRET_KEY", "SESSION_COOKIE_NAME", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
                     "PERMANENT_SESSION_LIFETIME", "WTF_CSRF_ENABLED", "REMEMBER_COOKIE_DURATION", "SERVER_NAME",
                     "PREFERRED_URL_SCHEME", "SESSION_TYPE")


def _flask_production_class_missing_secure(ctx) -> Iterator[Hit]:
    """``class ProductionConfig(Config)`` for a Flask app that never sets SESSION_COOKIE_SECURE (Flask defaults it
    to False), where the class and all its bases are in this module; once per class, at the class."""
    for source in settings_of(ctx).classes:
        if source.role != "production" or not source.complete or "SESSION_COOKIE_SECURE" in source.settings:
            continue
        if not any(name in source.settings for name in _WEB_APP_SETTINGS) or "DJANGO" in source.name.upper():
            continue
        yield Hit(source.node, confidence=Confidence.LOW,
                  message=f"{source.name} never sets SESSION_COOKIE_SECURE, and Flask defaults it to False: the "
                          "session cookie is also sent over plain HTTP, where anyone on the network can read it "
                          "and take over the session.")


def _set_cookie_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("set_cookie", "set_signed_cookie"))


# Cookies that carry a login: their theft is a session takeover. Preferences and UI state are not listed.
_AUTH_COOKIE = re.compile(r"sess|sid$|^sid|token|auth|jwt|remember|login", re.IGNORECASE)


def _omitted_flag(node: ast.Call, ctx, flag: str) -> bool:
    """A cookie that carries a login, set without saying ``flag`` at all (``**options`` may say it: not judged;
    an expiring cookie, ``max_age=0`` / ``expires=0`` or an empty value, is a deletion)."""
    if ctx.is_test_code or ctx.kwarg(node, flag) is not None or any(kw.arg is None for kw in node.keywords):
        return False
    name = ctx.literal(ctx.arg(node, 0, "key"), None)
    if not isinstance(name, str) or not _AUTH_COOKIE.search(name):
        return False
    value = ctx.arg(node, 1, "value")
    if ctx.literal(value, None) in ("", b"") or any(
            ctx.literal(ctx.kwarg(node, k), None) == 0 for k in ("max_age", "expires")):
        return False
    return imports_web_framework(ctx)


@per_module
def _module_serves_https(ctx) -> bool:
    model = settings_of(ctx)
    return any(source.value(name) not in (None, False, 0, UNKNOWN) for source in model.sources
               for name in _HTTPS_SETTINGS) or bool(model.header_values("strict-transport-security"))


@pattern_rule(
    id="cookie-without-secure", cwe=614, severity="medium", confidence="high",
    title="Cookie sent without the Secure flag",
    message="A cookie without the Secure flag is also sent over plain HTTP, where anyone on the network can read "
            "it and hijack the session.",
    fix="Pass secure=True to set_cookie (and SESSION_COOKIE_SECURE = True / CSRF_COOKIE_SECURE = True in "
        "settings); serve the site over HTTPS only.",
    nodes=(ast.Call, ast.Module),
    requires_words=("set_cookie", "set_signed_cookie", "COOKIE_SECURE", "INSTALLED_APPS", "SessionMiddleware",
                    "Config", "Settings", "from_object"),
)
def cookie_without_secure(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.Module):
        yield from _cookie_settings_off(node, ctx, 614)
        yield from _django_secure_cookies_missing(ctx)
        yield from _flask_production_class_missing_secure(ctx)
        return
    if not _set_cookie_call(node):
        return
    if is_false(ctx.kwarg(node, "secure")):
        yield Hit(node)
    elif _omitted_flag(node, ctx, "secure"):
        https = _module_serves_https(ctx)
        also = (" Nor does it say httponly=True, so any script on the page can read it too."
                if ctx.kwarg(node, "httponly") is None else "")
        yield Hit(node, confidence=Confidence.MEDIUM if https else Confidence.LOW,
                  message="This login cookie is set without secure=True; set_cookie defaults to False whatever the "
                          "framework's session settings say, so the browser also sends it over plain HTTP, where "
                          "anyone on the network can read it and take over the session." + also)


_SENSITIVE_COOKIE = re.compile(r"sess|sid|token|auth|login|remember|csrf|xsrf|jwt|key|secret|user|account",
                               re.IGNORECASE)


@pattern_rule(
    id="cookie-without-httponly", cwe=1004, severity="medium", confidence="high",
    title="Cookie readable by scripts (no HttpOnly flag)",
    message="A cookie without the HttpOnly flag can be read by any script on the page, so one XSS bug is enough "
            "to steal it.",
    fix="Pass httponly=True to set_cookie (SESSION_COOKIE_HTTPONLY = True in settings) unless client-side code "
        "truly needs to read this cookie.",
    nodes=(ast.Call, ast.Module),
    requires_words=("set_cookie", "set_signed_cookie", "COOKIE_HTTPONLY"),
)
def cookie_without_httponly(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, ast.Module):
        yield from _cookie_settings_off(node, ctx, 1004)
        return
    if not _set_cookie_call(node):
        return
    cookie_name = ctx.literal(ctx.arg(node, 0, "key"), None)
    if isinstance(cookie_name, str) and not _SENSITIVE_COOKIE.search(cookie_name):
        return  # a UI preference cookie (theme, highlight) is meant to be read by scripts
    if is_false(ctx.kwarg(node, "httponly")):
        yield Hit(node)
    elif (_omitted_flag(node, ctx, "httponly") and ctx.kwarg(node, "secure") is not None
          and not re.search("csrf|xsrf", cookie_name, re.IGNORECASE)):
        # with secure= omitted as well, cookie-without-secure reports both flags in one finding
        yield Hit(node, confidence=Confidence.LOW,
                  message="This login cookie is set without httponly=True; set_cookie defaults to False, so any "
                          "script on the page can read it, and one XSS bug is enough to steal the session.")


# --- CWE-352 CSRF protection disabled --------------------------------------------------------------------------


def _csrf_settings_off(ctx) -> Iterator[Hit]:
    """``WTF_CSRF_ENABLED = False`` outside dev/test configuration, and a production Django ``MIDDLEWARE`` that
    keeps sessions but has no CSRF middleware, or has CsrfViewMiddleware commented out."""
    model = settings_of(ctx)
    seen: set[int] = set()
    for source, setting in model.settings_named("WTF_CSRF_ENABLED"):
        if (setting.is_false and not source.relaxed and id(setting.node) not in seen
                and not in_relaxed_config_class(setting.node, ctx)):
            seen.add(id(setting.node))
            yield Hit(setting.node)
    source = model.module
    middleware = source.middleware
    if middleware is None or source.framework != "django" or source.relaxed or ctx.is_test_code:
        return
    if middleware.mentions("csrf"):
        return  # CsrfViewMiddleware, or a project's own CSRF middleware
    commented = middleware.commented_line("CsrfViewMiddleware")
    if commented is not None:
        yield Hit(ast.Constant(value=None, lineno=commented, col_offset=0), confidence=Confidence.HIGH,
                  message="django.middleware.csrf.CsrfViewMiddleware is commented out of MIDDLEWARE, so no view "
                          "checks CSRF tokens: any site the user visits can submit forms with the user's session.")
    elif middleware.complete and (middleware.has("SessionMiddleware") or middleware.has("AuthenticationMiddleware")):
        yield Hit(middleware.node,
                  message=f"{middleware.setting} has session middleware but no CsrfViewMiddleware, so no view "
                          "checks CSRF tokens: any site the user visits can submit forms with the user's session.")


@pattern_rule(
    id="csrf-protection-disabled", cwe=352, severity="medium", confidence="medium",
    title="CSRF protection disabled",
    message="With CSRF checks off, any site the user visits can make the browser submit state-changing requests "
            "with the user's cookies.",
    fix="Keep CSRF protection on (django.middleware.csrf.CsrfViewMiddleware in MIDDLEWARE, Flask-WTF's "
        "CSRFProtect); for machine-to-machine endpoints authenticate the request itself (an HMAC signature or "
        "token header) instead of exempting a cookie-authenticated view.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module),
    requires_words=("exempt", "WTF_CSRF_ENABLED", "MIDDLEWARE"),
    skips_test_code=True,
)
def csrf_protection_disabled(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    if isinstance(node, ast.Module):
        yield from _csrf_settings_off(ctx)
        return
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = ctx.qualname(target) or ""
        if name == "django.views.decorators.csrf.csrf_exempt":
            yield Hit(deco)
        elif (isinstance(target, ast.Attribute) and target.attr == "exempt"
              and "csrf" in (last_name(target.value, ctx) or "").lower()):
            yield Hit(deco)
        elif name == "django.utils.decorators.method_decorator" and isinstance(deco, ast.Call) and deco.args:
            if ctx.qualname(deco.args[0]) == "django.views.decorators.csrf.csrf_exempt":
                yield Hit(deco)


# --- CWE-347 JWT signature not verified ------------------------------------------------------------------------

_JWT_DECODE = frozenset({"jwt.decode", "jwt.api_jwt.decode", "jose.jwt.decode", "jwt.PyJWT.decode"})
_JWT_ENCODE = frozenset({"jwt.encode", "jose.jwt.encode"})


def _mentions_none_alg(node: ast.AST | None, ctx) -> bool:
    value = ctx.literal(node, None)
    if isinstance(value, str):
        return value.lower() == "none"
    if isinstance(value, (list, tuple, set)):
        return any(isinstance(v, str) and v.lower() == "none" for v in value)
    return False


@pattern_rule(
    id="jwt-signature-not-verified", cwe=347, severity="high", confidence="high",
    title="JWT accepted without verifying its signature",
    message="A token whose signature is not checked (verification off, or the 'none' algorithm allowed) can be "
            "forged by anyone, with any claims.",
    fix="Decode with the key and an explicit algorithm list: jwt.decode(token, key, algorithms=['HS256']); "
        "never disable verify_signature and never allow 'none'.",
    nodes=(ast.Call, ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("jwt", "JWT", "Jwt"),
)
def jwt_signature_not_verified(node: ast.AST, ctx) -> Iterator[Hit]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield from _hand_decoded_jwt(node, ctx)
        return
    if not (ctx.may_resolve_under("jwt") or ctx.may_resolve_under("jose")):
        return
    name = ctx.call_name(node)
    if name in _JWT_DECODE:
        scope = ctx.enclosing_function(node)
        options = _bound_value(ctx.kwarg(node, "options"), scope, ctx)
        if isinstance(options, ast.Dict):
            for key, value in zip(options.keys, options.values):
                if key is None or ctx.literal(key, None) != "verify_signature":
                    continue
                resolved = _bound_value(value, scope, ctx)
                # point at the switch itself when it is written in the call (a multi-line call's options line)
                where = value if options is ctx.kwarg(node, "options") else node
                if is_false(resolved):
                    yield Hit(where)
                    return
                if not isinstance(resolved, ast.Constant):
                    yield Hit(where, confidence=Confidence.LOW,
                              message="Signature verification is switched by a value, not fixed on: wherever that "
                                      "value is false, tokens are accepted unverified and anyone can forge them.")
                    return
        if is_false(ctx.kwarg(node, "verify")) or _mentions_none_alg(ctx.kwarg(node, "algorithms"), ctx):
            yield Hit(node)
        elif _algorithm_from_token(ctx.kwarg(node, "algorithms"), scope, ctx):
            yield Hit(node, message="The accepted algorithm is read from the token's own header, so the sender "
                                    "chooses how it is checked ('none', or HS256 keyed with the public key).")
    elif name in _JWT_ENCODE and _mentions_none_alg(ctx.arg(node, 2, "algorithm"), ctx):
        yield Hit(node)


_SIGNATURE_CHECKS = re.compile(r"verify|hmac|compare_digest|signature_is_valid|check_signature", re.IGNORECASE)


def _hand_decoded_jwt(func: ast.FunctionDef | ast.AsyncFunctionDef, ctx) -> Iterator[Hit]:
    """``header, payload, signature = token.split(".")`` then base64-decoding the payload, in a function about
    JWTs that never looks at the signature part nor calls anything that verifies: the claims are believed as sent.
    Only in server code (a module of a web application): a client peeking at its own token's expiry trusts it
    for nothing."""
    if not imports_web_framework(ctx):
        return
    body = ctx.scope_nodes(func)
    for stmt in body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Tuple)
                and len(stmt.targets[0].elts) == 3 and isinstance(stmt.value, ast.Call)
                and isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr == "split"
                and ctx.literal(ctx.arg(stmt.value, 0, "sep"), None) == "."):
            continue
        parts = stmt.targets[0].elts
        if not all(isinstance(p, ast.Name) for p in parts):
            continue
        words = set(name_words(func.name)) | set(name_words(last_name(stmt.value.func.value, ctx) or ""))
        if not words & {"jwt", "token"}:
            continue
        payload, signature = parts[1].id, parts[2].id
        loads = [n for n in body if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
        if any(n.id == signature for n in loads):
            continue  # the signature part is used: presumably checked
        decoded = any(isinstance(n, ast.Call) and (ctx.call_name(n) or "").endswith("b64decode")
                      and any(isinstance(a, ast.Name) and a.id == payload for arg in n.args for a in ast.walk(arg))
                      for n in body)
        called = {(ctx.call_name(n) or (n.func.attr if isinstance(n.func, ast.Attribute) else ""))
                  for n in body if isinstance(n, ast.Call)}
        if decoded and not any(_SIGNATURE_CHECKS.search(c or "") for c in called):
            yield Hit(stmt, confidence=Confidence.MEDIUM,
                      message="The token is split and its payload base64-decoded by hand, and its signature part is "
                              "never checked: whoever sends the token chooses its claims.")
            return


def _bound_value(node: ast.AST | None, scope: ast.AST | None, ctx) -> ast.AST | None:
    """A name bound exactly once (in the function, else at module level) stands for its value."""
    if not isinstance(node, ast.Name):
        return node
    for where in (scope, ctx.tree):
        if where is None:
            continue
        stmts = ctx.scope_nodes(where) if where is not ctx.tree else ctx.tree.body
        bound = [s.value for s in stmts if isinstance(s, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == node.id for t in s.targets)]
        if len(bound) == 1:
            return bound[0]
        if bound:
            return node
    return node


def _reads_token_header(expr: ast.AST, ctx) -> bool:
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Call) and (ctx.call_name(sub) or "").endswith("get_unverified_header"):
            return True
        key, holder = None, None
        if isinstance(sub, ast.Subscript):
            key, holder = ctx.literal(sub.slice, None), sub.value
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "get" and sub.args:
            key, holder = ctx.literal(sub.args[0], None), sub.func.value
        if key == "alg" and "header" in (last_name(holder, ctx) or "").lower():
            return True  # header["alg"], unverified_header.get("alg"): the token's own header
    return False


def _algorithm_from_token(expr: ast.AST | None, scope: ast.AST | None, ctx) -> bool:
    """``algorithms=[header["alg"]]``, ``algorithms=[alg]`` with ``alg = jwt.get_unverified_header(t)["alg"]``."""
    if expr is None:
        return False
    if _reads_token_header(expr, ctx):
        return True
    if scope is None:
        return False
    names = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
    for stmt in ctx.scope_nodes(scope):
        if (isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id in names for t in stmt.targets)
                and _reads_token_header(stmt.value, ctx)):
            return True
    return False


# --- CWE-326 short keys and weak curves ------------------------------------------------------------------------

_KEYGEN = {
    "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key": (1, "key_size"),
    "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key": (0, "key_size"),
    "cryptography.hazmat.primitives.asymmetric.dh.generate_parameters": (1, "key_size"),
    "Crypto.PublicKey.RSA.generate": (0, "bits"), "Cryptodome.PublicKey.RSA.generate": (0, "bits"),
    "Crypto.PublicKey.DSA.generate": (0, "bits"), "Cryptodome.PublicKey.DSA.generate": (0, "bits"),
    "paramiko.RSAKey.generate": (0, "bits"), "paramiko.DSSKey.generate": (0, "bits"),
}
_WEAK_CURVES = frozenset(f"cryptography.hazmat.primitives.asymmetric.ec.{c}" for c in (
    "SECP192R1", "SECT163K1", "SECT163R2"))


@pattern_rule(
    id="weak-key-size", cwe=326, severity="high", confidence="high",
    title="Key too short for its algorithm",
    message="RSA, DSA and DH keys under 2048 bits and curves under 224 bits can be broken with today's "
            "computing power.",
    fix="Use key_size=3072 (at least 2048) for RSA/DSA/DH, or an elliptic curve such as ec.SECP256R1() or "
        "Ed25519.",
    requires_imports=("cryptography", "Crypto", "Cryptodome", "paramiko"),
)
def weak_key_size(node: ast.Call, ctx) -> Iterator[Hit]:
    name = ctx.call_name(node)
    if name in _KEYGEN:
        index, keyword = _KEYGEN[name]
        size = ctx.literal(ctx.arg(node, index, keyword), None)
        if isinstance(size, int) and not isinstance(size, bool) and size < 2048:
            yield Hit(node)
    elif name in _WEAK_CURVES:
        yield Hit(node)


# --- CWE-319 cleartext protocols -------------------------------------------------------------------------------


@pattern_rule(
    id="cleartext-login-protocol", cwe=319, severity="medium", confidence="medium",
    title="Credentials sent over a cleartext protocol",
    message="FTP, Telnet and SMTP without STARTTLS send the login and the data unencrypted, readable by anyone "
            "on the network path.",
    fix="Use ftplib.FTP_TLS (then prot_p()), SSH/SFTP instead of Telnet, and smtplib.SMTP_SSL or call "
        "starttls() before login().",
    requires_imports=("ftplib", "telnetlib", "smtplib"),
    skips_test_code=True,
)
def cleartext_login_protocol(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return  # tests talk to local fake servers
    name = ctx.call_name(node)
    if name not in ("ftplib.FTP", "telnetlib.Telnet", "smtplib.SMTP", "smtplib.LMTP"):
        return
    scope = ctx.enclosing_function(node) or ctx.tree
    methods = {n.func.attr for n in ast.walk(scope)
               if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    if name.startswith("smtplib."):
        if "login" in methods and "starttls" not in methods:
            yield Hit(node, confidence=Confidence.HIGH)
    elif name == "ftplib.FTP":
        logins = [n for n in ast.walk(scope) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and n.func.attr == "login" and (n.args or n.keywords)]
        if logins or ctx.arg(node, 1, "user") is not None:
            yield Hit(node)
    else:
        yield Hit(node)


# --- CWE-916 weak password hasher in the settings ---------------------------------------------------------------

_WEAK_HASHERS = frozenset({"MD5PasswordHasher", "UnsaltedMD5PasswordHasher", "SHA1PasswordHasher",
                           "UnsaltedSHA1PasswordHasher", "CryptPasswordHasher"})


@pattern_rule(
    id="weak-password-hasher", cwe=916, severity="high", confidence="high",
    title="Passwords stored with a fast, weak hash",
    message="The first entry of PASSWORD_HASHERS hashes every new and upgraded password; MD5, SHA-1 and crypt are "
            "fast enough that a stolen password table is cracked in hours.",
    fix="Put a slow, salted hasher first (django.contrib.auth.hashers.Argon2PasswordHasher, PBKDF2PasswordHasher, "
        "BCryptSHA256PasswordHasher) and keep the weak one, if at all, further down so that old hashes upgrade on "
        "the next login.",
    nodes=(ast.Module,),
    requires_words=("PASSWORD_HASHERS",),
    skips_test_code=True,
)
def weak_password_hasher(node: ast.Module, ctx) -> Iterator[Hit]:
    """Reads PASSWORD_HASHERS from the configuration model; test settings use MD5 for speed on purpose."""
    if ctx.is_test_code:
        return
    source = settings_of(ctx).module
    setting = source.get("PASSWORD_HASHERS")
    if setting is None or source.relaxed or not isinstance(setting.value, (list, tuple)) or not setting.value:
        return
    first = setting.value[0]
    if isinstance(first, str) and first.rsplit(".", 1)[-1] in _WEAK_HASHERS:
        yield Hit(setting.node, message=f"PASSWORD_HASHERS starts with {first.rsplit('.', 1)[-1]}: every new and "
                                        "upgraded password is stored with a fast hash that a stolen table gives up "
                                        "in hours.")


# --- CWE-693 / CWE-319 security headers weakened by a literal ---------------------------------------------------

_UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*")


def _csp_weakness(policy: str) -> str | None:
    """What makes a CSP's script policy ineffective: ``'unsafe-inline'`` (unless a nonce or hash overrides it),
    ``'unsafe-eval'`` or ``*`` in script-src, or in default-src when there is no script-src."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    sources = directives.get("script-src", directives.get("default-src"))
    if sources is None:
        return None
    directive = "script-src" if "script-src" in directives else "default-src"
    return _unsafe_in(directive, sources)


def _unsafe_in(directive: str, sources: list[str]) -> str | None:
    overridden = any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) or s == "'strict-dynamic'"
                     for s in sources)
    for unsafe in _UNSAFE_SOURCES:
        if unsafe in sources and not (unsafe == "'unsafe-inline'" and overridden):
            return f"{directive} allows {unsafe}"
    return None


_HSTS_OFF = re.compile(r"(^|;)\s*max-age\s*=\s*\"?0+\"?\s*(;|$)", re.IGNORECASE)


@pattern_rule(
    id="weak-security-header", cwe=693, severity="medium", confidence="medium",
    title="Security header set to a value that switches its protection off",
    message="The header is there, but its value disables what it is for.",
    fix="Content-Security-Policy: drop 'unsafe-inline', 'unsafe-eval' and * from script-src/default-src (move "
        "inline scripts to files, or use nonces or hashes); Strict-Transport-Security: max-age=31536000 (one year, "
        "includeSubDomains once every subdomain serves HTTPS).",
    nodes=(ast.Module,),
    requires_words=("Content-Security-Policy", "content-security-policy", "Strict-Transport-Security",
                    "strict-transport-security", "CSP_SCRIPT_SRC", "CSP_DEFAULT_SRC"),
    skips_test_code=True,
)
def weak_security_header(node: ast.Module, ctx) -> Iterator[Hit]:
    """Reads literal header writes and django-csp settings from the configuration model."""
    if ctx.is_test_code:
        return
    model = settings_of(ctx)
    for header in model.headers:
        if header.value is None:
            continue
        if header.name == "content-security-policy":
            weakness = _csp_weakness(header.value)
            if weakness:
                yield Hit(header.node, message=f"The Content-Security-Policy's {weakness}, so an injected script "
                                               "runs anyway: the policy does not stop cross-site scripting.")
        elif header.name == "strict-transport-security" and _HSTS_OFF.search(header.value):
            yield Hit(header.node, cwe=319,
                      message="Strict-Transport-Security with max-age=0 tells browsers to forget that the site is "
                              "HTTPS-only, so the next visit can be downgraded to plain HTTP and read or changed.")
    source = model.module
    if source.relaxed:
        return
    script = source.get("CSP_SCRIPT_SRC")
    chosen = script or source.get("CSP_DEFAULT_SRC")
    if chosen is not None and isinstance(chosen.value, (list, tuple)):
        directive = "CSP_SCRIPT_SRC" if script is not None else "CSP_DEFAULT_SRC"
        weakness = _unsafe_in(directive, [str(v).lower() for v in chosen.value])
        if weakness:
            yield Hit(chosen.node, message=f"{weakness}, so an injected script runs anyway: the policy does not stop "
                                           "cross-site scripting.")
