"""CWE-697 Incorrect Comparison: comparisons that test the wrong thing (identity instead of value, a class's
name instead of the class, exact float equality, values that can never be equal, host checks that match
look-alike domains, regexes whose dots match anything) and secret comparisons whose timing leaks the secret.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from .common import name_words
from ..web.settings import settings_of
from .registry import HYGIENE, Hit, pattern_rule


def _operand_pairs(node: ast.Compare) -> Iterator[tuple[ast.expr, ast.cmpop, ast.expr]]:
    left = node.left
    for op, right in zip(node.ops, node.comparators):
        yield left, op, right
        left = right


# --- CWE-595 / CWE-597 identity comparison with a literal ------------------------------------------------------


@pattern_rule(
    id="is-literal-comparison", cwe=595, severity="medium", confidence="high",
    title="Identity comparison with a literal",
    message="`is` compares object identity, not value: whether two equal strings or numbers are the same object "
            "depends on interning and caching, so the check passes or fails by accident.",
    fix="Compare values with == / != (keep `is` for None, True, False and sentinels).",
    nodes=(ast.Compare,),
)
def is_literal_comparison(node: ast.Compare, ctx) -> Iterator[Hit]:
    for left, op, right in _operand_pairs(node):
        if not isinstance(op, (ast.Is, ast.IsNot)):
            continue
        for side in (left, right):
            if isinstance(side, ast.JoinedStr):
                yield Hit(node, cwe=597)
                return
            if not isinstance(side, ast.Constant) or side.value is None or side.value is Ellipsis:
                continue
            if isinstance(side.value, bool):
                continue
            if isinstance(side.value, (str, bytes)):
                yield Hit(node, cwe=597)
                return
            if isinstance(side.value, (int, float, complex)):
                yield Hit(node)
                return


# --- CWE-486 comparing classes by name -------------------------------------------------------------------------


def _is_class_name_expr(node: ast.AST, ctx) -> bool:
    """``type(x).__name__``, ``x.__class__.__name__`` (and ``__qualname__``)."""
    if not (isinstance(node, ast.Attribute) and node.attr in ("__name__", "__qualname__")):
        return False
    inner = node.value
    if isinstance(inner, ast.Call) and ctx.call_name(inner) == "builtins.type" and len(inner.args) == 1:
        return True
    return isinstance(inner, ast.Attribute) and inner.attr == "__class__"


@pattern_rule(
    id="class-name-comparison", tags=(HYGIENE,), cwe=486, severity="low", confidence="low",
    title="Type checked by comparing class names",
    message="Different classes can share a name (any module can define a class called `Admin`), so a check on "
            "the name can be satisfied by an unrelated, attacker-supplied type.",
    fix="Compare the class itself: isinstance(obj, Admin) or type(obj) is Admin.",
    nodes=(ast.Compare,),
)
def class_name_comparison(node: ast.Compare, ctx) -> Iterator[Hit]:
    for left, op, right in _operand_pairs(node):
        if not isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
            continue
        name_side, other = (left, right) if _is_class_name_expr(left, ctx) else (right, left)
        if not _is_class_name_expr(name_side, ctx):
            continue
        if isinstance(other, ast.Constant) and isinstance(other.value, str) or ctx.is_constant_string_expr(other):
            yield Hit(node)
            return


# --- CWE-1077 float equality -----------------------------------------------------------------------------------


@pattern_rule(
    id="float-equality", tags=(HYGIENE,), cwe=1077, severity="low", confidence="medium",
    title="Exact equality test on a floating-point value",
    message="Most decimal fractions have no exact binary form (0.1 + 0.2 != 0.3), so == on a computed float "
            "is true or false by rounding accident.",
    fix="Compare with a tolerance: math.isclose(a, b, rel_tol=1e-9) (pytest.approx in tests), or use "
        "decimal.Decimal / integers (cents) for money.",
    nodes=(ast.Compare,),
    skips_test_code=True,
)
def float_equality(node: ast.Compare, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return  # tests pin exact values on purpose
    for left, op, right in _operand_pairs(node):
        if not isinstance(op, (ast.Eq, ast.NotEq)):
            continue
        for side, other in ((left, right), (right, left)):
            if (isinstance(side, ast.Constant) and isinstance(side.value, float) and not side.value.is_integer()
                    and not isinstance(other, ast.Constant)):
                yield Hit(node)
                return


# --- CWE-1024 comparing values that can never be equal ---------------------------------------------------------

_TEXT_SOURCES = frozenset({"os.getenv", "os.environ.get", "builtins.input", "flask.request.args.get",
                           "flask.request.form.get", "flask.request.headers.get", "flask.request.cookies.get",
                           "flask.request.values.get"})
_TEXT_SUBSCRIPTS = frozenset({"os.environ", "sys.argv", "flask.request.args", "flask.request.form",
                              "flask.request.headers", "flask.request.cookies"})


def _always_text(node: ast.AST, ctx) -> bool:
    """Expressions that can only be str (or None): environment variables, argv, input(), query parameters."""
    if isinstance(node, ast.Call):
        name = ctx.call_name(node)
        if name not in _TEXT_SOURCES:
            return False
        default = ctx.arg(node, 1, "default")
        return default is None or (isinstance(default, ast.Constant) and isinstance(default.value, (str, type(None))))
    if isinstance(node, ast.Subscript):
        return ctx.qualname(node.value) in _TEXT_SUBSCRIPTS
    return False


@pattern_rule(
    id="text-compared-with-number", cwe=1024, severity="medium", confidence="high",
    title="Text compared with a number or boolean",
    message="Environment variables, argv, input() and query parameters are always strings, so comparing them "
            "with a number or True/False is never equal and the branch silently never (or always) runs.",
    fix="Convert first (int(os.getenv('RETRIES', '3')) == 3) or compare with the string form "
        "(os.getenv('DEBUG', '').lower() in ('1', 'true')).",
    nodes=(ast.Compare,),
)
def text_compared_with_number(node: ast.Compare, ctx) -> Iterator[Hit]:
    for left, op, right in _operand_pairs(node):
        if not isinstance(op, (ast.Eq, ast.NotEq)):
            continue
        for side, other in ((left, right), (right, left)):
            if (isinstance(other, ast.Constant) and isinstance(other.value, (int, float, bool))
                    and _always_text(side, ctx)):
                yield Hit(node)
                return


# --- CWE-1023 host checks that accept look-alike domains -------------------------------------------------------

_TLDS = frozenset({
    "com", "org", "net", "io", "gov", "edu", "mil", "int", "co", "uk", "de", "fr", "nl", "jp", "cn", "ru", "us",
    "ca", "au", "in", "br", "it", "es", "ch", "se", "no", "eu", "dev", "app", "ai", "cloud", "info", "biz", "me",
    "tv", "xyz", "site", "online", "tech", "internal", "corp", "local", "example", "test", "localhost",
})
_BARE_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,})$")
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#@]+$")
_URLISH_WORDS = frozenset({"url", "uri", "host", "hostname", "origin", "referer", "referrer", "redirect", "next",
                           "link", "domain", "netloc", "location", "target", "callback", "return", "dest"})


def _is_bare_domain(text: object) -> bool:
    if not isinstance(text, str):
        return False
    m = _BARE_DOMAIN.match(text.lower())
    return bool(m) and m.group(1) in _TLDS


_FILE_WORDS = frozenset({"disk", "disks", "path", "file", "filename", "fname", "image", "img", "dir", "folder",
                         "device", "dev", "volume", "archive", "backup", "suffix", "ext", "extension"})


def _names_a_file(receiver: ast.AST) -> bool:
    """``disk.endswith("disk.local")``, ``filename.endswith("backup.tar")``: a name that holds a file, whose
    suffix only looks like a domain."""
    name = receiver.id if isinstance(receiver, ast.Name) else receiver.attr if isinstance(receiver, ast.Attribute) \
        else None
    words = name_words(name) if name else []
    return bool(words) and words[-1] in _FILE_WORDS


def _string_options(node: ast.AST | None, ctx) -> list:
    value = ctx.literal(node, None)
    if isinstance(value, tuple):
        return list(value)
    return [value] if value is not None else []


@pattern_rule(
    id="incomplete-host-check", cwe=1023, severity="medium", confidence="medium",
    title="Host check matches look-alike domains",
    message="endswith('example.com') also accepts evilexample.com, startswith('https://example.com') also "
            "accepts https://example.com.evil.net, and a substring test accepts any URL that merely mentions "
            "the host, so an allow-list built this way lets attackers through.",
    fix="Parse the URL (urllib.parse.urlsplit) and compare the hostname exactly, or with "
        "host == 'example.com' or host.endswith('.example.com').",
    nodes=(ast.Call, ast.Compare),
    skips_test_code=True,
)
def incomplete_host_check(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return  # a test's fake server matching the URLs it was sent guards nothing
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Attribute) or node.func.attr not in ("endswith", "startswith"):
            return
        options = _string_options(ctx.arg(node, 0), ctx)
        if node.func.attr == "endswith" and any(_is_bare_domain(o) for o in options) and \
                not _names_a_file(node.func.value):
            yield Hit(node)
        elif node.func.attr == "startswith" and any(isinstance(o, str) and _ORIGIN.match(o.lower())
                                                    for o in options):
            yield Hit(node)
        return
    if len(node.ops) != 1 or not isinstance(node.ops[0], ast.In):
        return
    needle, haystack = node.left, node.comparators[0]
    if not (isinstance(needle, ast.Constant) and _is_bare_domain(needle.value)):
        return
    name = haystack.id if isinstance(haystack, ast.Name) else haystack.attr if isinstance(
        haystack, ast.Attribute) else None
    if not name or name.isupper():
        return
    words = name_words(name)
    if words and words[-1] in _URLISH_WORDS:
        yield Hit(node)


# --- CWE-625 unescaped dots in host patterns -------------------------------------------------------------------

_REGEX_FUNCS = frozenset({"re.match", "re.fullmatch", "re.search", "re.compile", "re.findall", "re.finditer",
                          "re.sub", "re.subn", "re.split", "regex.match", "regex.fullmatch", "regex.search",
                          "regex.compile"})
_LABEL_DOT_TLD = re.compile(r"[A-Za-z0-9-]\.([a-z]{2,})(?![A-Za-z0-9])")


def _unescaped_domain_dot(pattern: str) -> bool:
    """True when ``pattern`` spells a domain like ``example.com`` with a bare ``.`` outside any [...] class."""
    in_class = False
    escaped = False
    plain = []
    for ch in pattern:
        if escaped:
            plain.append("\0")
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            plain.append("\0")
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            plain.append("\0")
        else:
            plain.append(ch)
    text = "".join(plain)
    return any(m.group(1) in _TLDS for m in _LABEL_DOT_TLD.finditer(text))


@pattern_rule(
    id="unescaped-dot-in-host-regex", cwe=625, severity="medium", confidence="medium",
    title="Unescaped dot in a host-name regular expression",
    message="In a regex `.` matches any character, so a pattern written as `example.com` also accepts "
            "`exampleXcom` or `wwwXexample.com`, hosts an attacker can register.",
    fix=r"Escape literal dots (r'^https://www\.example\.com/') or build the pattern with re.escape(host); "
        "better, parse the URL and compare the host exactly.",
    requires_imports=("re", "regex"),
    skips_test_code=True,
)
def unescaped_dot_in_host_regex(node: ast.Call, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or ctx.call_name(node) not in _REGEX_FUNCS:
        return
    pattern = ctx.literal(ctx.arg(node, 0, "pattern"), None)
    if not isinstance(pattern, str):
        return
    if _is_verbose(node, pattern, ctx):
        pattern = re.sub(r"(?<!\\)#[^\n]*", "", pattern)
    if _unescaped_domain_dot(pattern):
        yield Hit(node)


def _is_verbose(node: ast.Call, pattern: str, ctx) -> bool:
    """re.VERBOSE patterns carry comments (`# e.g. github.com`) that are not part of the expression."""
    if re.match(r"\(\?[a-zA-Z]*x", pattern):
        return True
    for arg in list(node.args[1:]) + [k.value for k in node.keywords if k.arg == "flags"]:
        for sub in ast.walk(arg):
            if ctx.qualname(sub) in ("re.X", "re.VERBOSE", "re.RegexFlag.VERBOSE"):
                return True
    return False


# --- CWE-208 secrets compared with == --------------------------------------------------------------------------

# A bare `token` or `sig` is too often a lexer token or a signal number; only qualified forms count.
_SECRET_LAST_WORDS = frozenset({"signature", "mac", "hmac", "secret", "apikey", "otp"})
_SECRET_NAMES = frozenset({"api_key", "password_hash", "passwd_hash", "pw_hash", "pwhash", "secret_key",
                           "access_key", "csrf_token", "xsrf_token", "auth_token", "reset_token", "access_token",
                           "refresh_token", "session_token", "api_token", "bearer_token", "verification_token",
                           "confirmation_token", "webhook_token", "expected_token", "provided_token", "x_api_key",
                           "x_auth_token", "x_csrf_token", "x_csrftoken", "csrftoken", "x_hub_signature"})


def _secret_operand(node: ast.AST, ctx) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("hexdigest", "digest"):
        inner = node.func.value
        return isinstance(inner, ast.Call) and ctx.call_name(inner) in ("hmac.new", "hmac.HMAC")
    if isinstance(node, ast.Call) and ctx.call_name(node) == "hmac.digest":
        return True
    name = None
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    elif isinstance(node, ast.Subscript):
        key = ctx.literal(node.slice, None)
        name = key if isinstance(key, str) else None
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
          and node.args):
        key = ctx.literal(node.args[0], None)
        name = key if isinstance(key, str) else None
    if not name:
        return False
    words = name_words(name)
    return bool(words) and (words[-1] in _SECRET_LAST_WORDS or "_".join(words) in _SECRET_NAMES)


def _is_literalish(node: ast.AST, ctx) -> bool:
    """Literals, lengths and CONSTANT names: comparing with those leaks nothing secret."""
    if isinstance(node, ast.Constant) or ctx.is_literal(node):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.ListComp, ast.Set, ast.Dict)):
        return True
    if isinstance(node, ast.Call) and ctx.call_name(node) in ("builtins.len", "builtins.type", "builtins.bool"):
        return True
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    return bool(name) and name.isupper() and len(name) > 1


@pattern_rule(
    id="timing-unsafe-secret-comparison", cwe=208, severity="medium", confidence="medium",
    title="Secret compared with == (timing leak)",
    message="== stops at the first differing byte, so response times reveal how much of a guessed signature or "
            "token is right and it can be recovered byte by byte.",
    fix="Compare secrets with hmac.compare_digest(a, b) (secrets.compare_digest is the same function).",
    nodes=(ast.Compare,),
    skips_test_code=True,
)
def timing_unsafe_secret_comparison(node: ast.Compare, ctx) -> Iterator[Hit]:
    if ctx.is_test_code or len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return
    left, right = node.left, node.comparators[0]
    if _is_literalish(left, ctx) or _is_literalish(right, ctx):
        return
    func = ctx.enclosing_function(node)
    if func is not None and func.name in ("__eq__", "__ne__", "__hash__"):
        return
    if _network_operand(left) or _network_operand(right):
        return  # device.mac == vif.address: a MAC address, not a message authentication code
    if _secret_operand(left, ctx) or _secret_operand(right, ctx):
        yield Hit(node)


_NETWORK_WORDS = frozenset({"address", "addr", "macaddr", "hwaddr", "ip", "vif", "nic", "interface", "port", "device",
                            "ethernet", "eth", "bssid", "mac_address"})


def _network_operand(node: ast.AST) -> bool:
    """A network value named as such (``vif.address``, ``port["mac_address"]``, ``nic.mac``): its ``mac`` is the
    interface's hardware address."""
    names = []
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            names.append(node.slice.value)
        node = node.value
    if isinstance(node, ast.Name):
        names.append(node.id)
    return any(set(name_words(n)) & _NETWORK_WORDS for n in names)


# --- CWE-183 ALLOWED_HOSTS that allows every host -----------------------------------------------------------------


@pattern_rule(
    id="allowed-hosts-wildcard", cwe=183, severity="medium", confidence="medium",
    title="ALLOWED_HOSTS accepts any Host header",
    message="With '*' in ALLOWED_HOSTS Django builds absolute URLs (password-reset links, redirects) from whatever "
            "Host header the client sends, so an attacker can get reset links pointing at their own server and "
            "poison caches.",
    fix="List the host names the site is served under (ALLOWED_HOSTS = ['shop.example.com']), read from the "
        "environment for each deployment.",
    nodes=(ast.Module,),
    requires_words=("ALLOWED_HOSTS",),
    skips_test_code=True,
)
def allowed_hosts_wildcard(node: ast.Module, ctx) -> Iterator[Hit]:
    """Reads ALLOWED_HOSTS from the configuration model; dev, test and defaults settings are left alone."""
    if ctx.is_test_code:
        return
    source = settings_of(ctx).module
    setting = source.get("ALLOWED_HOSTS")
    if setting is None or source.relaxed or source.framework != "django":
        return
    hosts = setting.value
    if isinstance(hosts, (list, tuple, set)) and "*" in hosts:
        yield Hit(setting.node)
