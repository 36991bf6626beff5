"""CWE-693 Protection Mechanism Failure in a web application's own protections: cookies sent in clear or readable
by scripts, CSRF checks and JWT signature checks turned off, logins over cleartext protocols, weak password hashers,
and security headers whose values switch them off. Most read the configuration model (web/settings.py); the
cryptography and TLS checks are in rules/crypto.py.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..findings import Confidence
from ..web.settings import UNKNOWN, imports_web_framework, settings_of
from .common import file_stem, in_relaxed_config_class, is_false, last_name, name_words, per_module
from .registry import Hit, pattern_rule

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
    stem = file_stem(ctx)
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
