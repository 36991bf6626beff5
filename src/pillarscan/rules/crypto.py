"""CWE-693 Protection Mechanism Failure in cryptography and transport security: broken hashes and ciphers, secrets
drawn from the predictable random module, obsolete SSL/TLS versions, certificate and SSH host-key checks switched
off, short keys and weak curves. These checks read calls into crypto and network libraries; the web application's
own protections (cookies, CSRF, JWT, password hashers, headers) are in rules/protection.py.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..findings import Confidence
from .common import file_stem, is_false, last_name, name_words, per_module
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
    module = set(name_words(file_stem(ctx)))
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
