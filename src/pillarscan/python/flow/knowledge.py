"""What the engine knows in code rather than in models/*.toml: method names whose results are safe, the
shells, the decorators that make routes, the operators it folds. Data the analysers share, no logic.
"""

from __future__ import annotations

import ast
import operator
import re
from typing import Any, Callable


# A value with no quote characters cannot break out of a quoted XPath literal. (SQL is not listed: a numeric
# context needs no quote, and backslashes break some SQL dialects' quoting.)
QUOTE_KINDS = frozenset({"xpath"})
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh", "cmd",
                    "cmd.exe", "powershell", "powershell.exe", "pwsh"})
SHELL_FLAGS = frozenset({"-c", "/c", "/C", "-Command", "-lc"})
FIXED_PREFIX = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/{}\s%]+/|/[^/\\%])")
# a path that follows a base URL the code chose (settings.API_URL + "/users/" + id): what comes after it cannot
# change the host, as with a literal scheme and host
PATH_AFTER_BASE = re.compile(r"^/[^/\\%]")
# In a URL being built, the first '?' or '#' ends the part that chooses the scheme, host and path
QUERY_START = re.compile(r"[?#]")
# a %-conversion: "%s", "%(name)s", "%-10.2f" (kind "%" with no name is a literal "%%")
PERCENT_SPEC = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>.)")
# Sink kinds whose danger is the origin a URL points at: text after a fixed origin or query start is harmless
URL_KINDS = frozenset({"redirect", "ssrf"})
INT_RESULT_METHODS = frozenset({"find", "rfind", "index", "rindex", "count", "startswith", "endswith", "isalnum",
                                "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier", "islower", "isupper",
                                "isspace", "istitle", "isascii", "__len__", "bit_length", "hexdigest", "digest"})
SAFE_CHAR_PREDICATES = frozenset({"isalnum", "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier"})
# conversions that raise on any text that is not what they parse: after int(x) returns, x is a number's text
VALIDATING_CONVERSIONS = frozenset({"builtins.int", "builtins.float", "uuid.UUID", "ipaddress.ip_address",
                                    "ipaddress.IPv4Address", "ipaddress.IPv6Address", "decimal.Decimal"})
# the string module's character sets that hold letters and digits only
SAFE_CHARSETS = frozenset({"string.ascii_letters", "string.ascii_lowercase", "string.ascii_uppercase", "string.digits",
                           "string.hexdigits", "string.octdigits"})
PASS_METHODS_KEEP_FLAGS = frozenset({"netloc", "hostname", "scheme", "path"})
NO_RETURN = frozenset({"flask.abort", "werkzeug.exceptions.abort", "sys.exit", "builtins.exit", "builtins.quit",
                       "os._exit", "os.abort", "pytest.fail", "pytest.skip", "django.core.exceptions.PermissionDenied"})
# "the value does not contain TEXT" (checked and rejected): which sinks that protects
EXCLUDED_TEXT_PROTECTS = {"..": ("path",), "../": ("path",), "\n": ("log", "header"), "\r": ("log", "header"),
                          "<": ("xss",)}
# Decoders whose result is their argument's text, decoded: a check made on the encoded text no longer holds
TEXT_DECODERS = frozenset({
    "urllib.parse.unquote", "urllib.parse.unquote_plus", "urllib.parse.unquote_to_bytes", "urllib.unquote",
    "urllib.unquote_plus", "werkzeug.urls.url_unquote", "werkzeug.urls.url_unquote_plus", "html.unescape",
    "base64.b64decode", "base64.urlsafe_b64decode", "base64.standard_b64decode", "base64.b32decode",
    "base64.b16decode", "base64.b85decode", "base64.a85decode", "base64.decodebytes", "binascii.unhexlify",
    "binascii.a2b_base64", "binascii.a2b_hex", "codecs.decode"})
# Per-request namespaces (Flask's ``g``): an attribute one function sets (a before_request hook) is what another
# reads during the same request, as a field of one shared object
REQUEST_NAMESPACES = frozenset({"flask.g", "flask.globals.g"})
# MongoDB reads that return one document, by names no other common library has: stored data wherever the
# collection was created (another module too)
MONGO_DOCUMENT_READS = frozenset({"find_one", "find_one_and_update", "find_one_and_delete", "find_one_and_replace"})
DB_RESULT_METHODS = frozenset({"first", "one", "one_or_none", "scalar", "scalar_one", "scalar_one_or_none",
                               "fetchone", "fetchall", "fetchmany", "first_or_404", "get_or_404", "count",
                               "exists"}) | MONGO_DOCUMENT_READS
# A value restricted to safe characters (isalnum(), an anchored regex) cannot inject syntax, but it is still the
# user's choice: storing it in the session or using it as a host name stays a finding.
CHARSET_SAFE_KINDS = ("sql", "command", "code", "path", "redirect", "xss", "template", "deserialization", "xxe",
                      "log", "header", "ldap", "xpath", "regex")
# The request's own path: redirecting to it stays on this site (a redirect to it is not an open redirect).
OWN_PATH_ATTRS = frozenset({"path", "path_info", "full_path", "get_full_path", "script_root"})
PATH_METHODS = frozenset({"joinpath", "with_name", "with_suffix", "with_stem", "expanduser", "relative_to"})
URL_PARSERS = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse", "urlparse.urlsplit"})
MAX_STATEMENTS = 20_000
# Request data that arrives parsed (dicts and lists, not strings): in a query document it can carry operators.
# Marked on the flow itself (its label, like a sanitiser's kind), so the mark travels through calls and fields;
# summaries.MARKED_KINDS reports a NoSQL flow only when it carries the mark.
STRUCTURED = frozenset({"structured"})
STRUCTURED_INPUTS = frozenset({"flask.Request.json", "flask.Request.get_json", "starlette.requests.Request.json",
                               "aiohttp.web.Request.json", "rest_framework.request.Request.data"})
# Request bodies the framework parses only when the request says it is JSON (Flask answers 415 otherwise): a
# page cannot make a victim's browser send such a request to another site without that site's CORS consent, so
# echoing one is not reflected XSS. ``get_json(force=True)`` reads any body and stays a plain source. Stored data
# keeps its own origin, and the other sinks (SQL, templates compiled from it, …) are the sender's own attack.
MIME_CHECKED_JSON = frozenset({"flask.Request.json", "flask.Request.get_json"})
REFLECTED_ONLY_KINDS = frozenset({"xss"})
# A regular expression compiled from input: in a query document (``{"name": re.compile(q)}``) it matches whatever the
# client writes (".*"), like an operator would, so it carries the same mark unless re.escape made it literal.
REGEX_COMPILERS = frozenset({"re.compile", "regex.compile"})
STRUCTURED_PARSERS = frozenset({"json.loads", "json.load", "ujson.loads", "orjson.loads", "simplejson.loads",
                                "bson.json_util.loads", "flask.json.loads"})
# Constants whose equal values are interchangeable (not float: 0.0 == -0.0), shared as one Value per module
SHARED_CONSTANTS = frozenset({str, int, bool, type(None), bytes})
LOOP_ROUNDS = 2
# Lambdas called inside lambdas are inlined this deep (f = lambda x: f(x) would never end)
MAX_LAMBDA_DEPTH = 8
MAX_SLOTWISE = 32  # slots of a literal a comprehension is evaluated over one by one (a bound on the work)
MAX_UNROLLED = 6  # a loop over a literal of at most this many slots runs once per slot, in order (for x in [q, "k"])
MARKUP_TYPES = frozenset({"markupsafe.Markup", "flask.Markup", "jinja2.Markup"})  # escape what they are combined with
MAX_UNROLLED_NESTING = 2  # unrolled loops inside unrolled loops, at most (the work multiplies with each level)
DICT_TYPES = frozenset({"builtins.dict", "collections.OrderedDict"})  # mappings whose keys are followed one by one
# defaultdict factories whose value for a missing key is empty, never anything the program was given
CLEAN_FACTORIES = frozenset({"builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.list",
                             "builtins.dict", "builtins.set", "builtins.tuple", "builtins.bytes"})
# the flag of what enumerate() returns when its iterable's slots are unknown: each element is (index, element)
INDEXED_PAIRS = frozenset({"indexed-pairs"})
# heapq calls that put an item into the heap list they are given (heappushpop/heapreplace also return one)
HEAP_PUSHES = frozenset({"heapq.heappush", "heapq.heappushpop", "heapq.heapreplace"})
# The methods container_method and string_method model (each returns None for any other): most calls skip both
CONTAINER_METHODS = frozenset({"append", "extend", "update", "add", "insert", "appendleft", "setdefault", "pop",
                                "reverse", "get", "clear", "keys", "values", "items", "copy", "setFeature", "join",
                                "format", "format_map", "remove", "popleft", "put", "put_nowait", "get_nowait"})
# queue.Queue and its kin, followed slot by slot like a list: put() appends, get() takes the oldest (the newest
# for a LIFO queue)
LIFO_QUEUE_TYPES = frozenset({"queue.LifoQueue", "asyncio.LifoQueue"})
QUEUE_TYPES = frozenset({"queue.Queue", "queue.SimpleQueue", "multiprocessing.Queue", "asyncio.Queue"}) | \
    LIFO_QUEUE_TYPES
STRING_METHODS = INT_RESULT_METHODS | {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "title",
                                        "capitalize", "casefold", "split", "rsplit", "splitlines", "partition",
                                        "rpartition"}

BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod, ast.Div: operator.truediv, ast.Pow: operator.pow,
}
CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}

# Attributes that the code's author writes, not its data: an object chosen by untrusted input still has the
# docstring and names its class was written with
CODE_DEFINED_ATTRS = frozenset({"__doc__", "__name__", "__qualname__", "__module__"})
