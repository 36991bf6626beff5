"""Source bytes → syntax tree, by the file's own grammar; plus the suppression comments (see ``suppressions``).

The host's ``ast.parse`` runs first: it is fast and exact. A file it rejects may simply be newer than the host
(PEP 701 f-strings, ``type`` aliases and PEP 695 generics on Python 3.10/3.11), so libcst's parser, which
knows the newest grammar, gets a second try and its tree is converted to ``ast`` (see ``cst_to_ast``). Only
when both fail does ``recover`` step in: Python 2 files are converted (and named as such), and a statement with
a syntax error is left out so that the rest is read, each with a note the engine reports. Only what even that
cannot read is a syntax error, reported with the host's message and line; Python 2 files are recognised and
named as such, since "invalid syntax" alone would not tell a user why.

Bytes are decoded as Python does: a UTF-8 byte-order mark or a ``# -*- coding: ... -*-`` cookie picks the
encoding, UTF-8 otherwise. Binary files and undecodable files are refused with a plain reason.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
import warnings
from dataclasses import dataclass, field

from .gc_pause import paused_gc
from .suppressions import SuppressionComment, find_suppressions


class ParseFailure(Exception):
    """The file could not be turned into a tree; ``reason`` is what the user reads, ``line`` where, if known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class ParsedModule:
    """A parsed file. ``grammar`` is "host" (the running interpreter's ``ast``), "libcst" (newer syntax),
    "python2" (converted, see ``recover``) or "recovered" (statements with syntax errors left out); with any
    but "host", ``host_error`` keeps what the host parser said, for a user who wonders why, and ``notes`` are the
    (message, line) warnings a repaired file owes its reader. ``text`` and ``lines`` are always the file's own."""

    text: str
    lines: list[str]
    tree: ast.Module
    grammar: str = "host"
    suppressions: list[SuppressionComment] = field(default_factory=list)
    encoding: str = "utf-8"
    host_error: str | None = None
    notes: list[tuple[str, int | None]] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------- decoding
def decode_source(data: bytes) -> tuple[str, str]:
    """(text, encoding) the way Python reads a source file; ``ParseFailure`` with a plain reason otherwise."""
    if b"\x00" in data:
        raise ParseFailure("binary file (contains NUL bytes), not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "encoding problem: utf-8" in str(exc):
            raise ParseFailure("cannot decode source: a UTF-8 byte-order mark contradicts the coding declaration") \
                from None
        if "invalid or missing encoding declaration" not in str(exc):  # e.g. "unknown encoding: foo"
            raise ParseFailure(f"cannot decode source: {exc}") from None
        encoding = "utf-8"  # undecodable bytes in the first two lines: decode below to say where
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        name = codecs.lookup(encoding).name if not isinstance(exc, LookupError) else encoding
        if name in ("utf-8", "utf-8-sig"):
            what = "not valid UTF-8"
        else:
            what = f"not valid {name}, its declared encoding"
        line = None
        if isinstance(exc, UnicodeDecodeError):
            line = data.count(b"\n", 0, exc.start) + 1
            what += f" (byte 0x{data[exc.start]:02x} at line {line})"
        raise ParseFailure(f"cannot decode source: {what}", line) from None


# ------------------------------------------------------------------------------------------------- parsing
_IMPLEMENTATION_LIMITS = ("too many nested parentheses", "too many levels of indentation",
                          "too many statically nested blocks", "too complex", "too many nested")


def parse_source(data: bytes, path: str = "<string>") -> ParsedModule:
    text, encoding = decode_source(data)
    try:
        with warnings.catch_warnings(), paused_gc():  # a tree holds no cycles: see gc_pause
            warnings.simplefilter("ignore")  # "invalid escape sequence" and the like are the author's business
            tree = ast.parse(text, filename=path)
        return ParsedModule(text=text, lines=text.splitlines(), tree=tree, suppressions=find_suppressions(text),
                            encoding=encoding)
    except SyntaxError as exc:
        host_error = exc
    except (RecursionError, MemoryError):
        raise ParseFailure("nesting too deep to parse (the Python parser gave up)") from None
    except ValueError as exc:  # e.g. source the compiler refuses outright
        raise ParseFailure(f"cannot parse: {exc}") from None
    message = host_error.msg or "invalid syntax"
    if any(limit in message for limit in _IMPLEMENTATION_LIMITS):
        # Beyond CPython's own limits on every version: no newer grammar will help, and libcst would only
        # spend its (native, recursive) stack on the same depth.
        raise ParseFailure(f"nesting too deep to parse: {message}", host_error.lineno)
    tree = _parse_newer_grammar(text)
    if tree is not None:
        return ParsedModule(text=text, lines=text.splitlines(), tree=tree, grammar="libcst",
                            suppressions=find_suppressions(text), encoding=encoding,
                            host_error=f"{message} (line {host_error.lineno})")
    python2 = python2_feature(text, host_error)
    from .recover import recover

    recovery = recover(text, host_error, python2)
    if recovery is not None:
        return ParsedModule(text=text, lines=text.splitlines(), tree=recovery.tree,
                            grammar="python2" if recovery.python2 else "recovered",
                            suppressions=find_suppressions(text), encoding=encoding,
                            host_error=f"{message} (line {host_error.lineno})", notes=recovery.notes)
    if python2:
        raise ParseFailure(f"Python 2 syntax ({python2}): {message}",
                           host_error.lineno)
    raise ParseFailure(f"syntax error: {message}", host_error.lineno)


def _parse_newer_grammar(text: str) -> ast.Module | None:
    """libcst's grammar, converted to ``ast``; None when libcst rejects the text too (or it is too deep)."""
    if too_complex_for_libcst(text):
        return None
    from .cst_to_ast import parse_with_libcst
    from .deep_stack import call_with_deep_stack

    try:
        return call_with_deep_stack(parse_with_libcst, text)
    except RecursionError:
        return None
    except Exception:  # libcst.ParserSyntaxError, ConversionError, or anything else it raises on bad input
        return None


# libcst's native parser recurses on the machine stack and is quadratic on long operator chains: a 100,000-long
# ``-`` run crashes the interpreter, a 5,000-term ``+`` chain takes seconds. Text over these bounds is refused
# before it reaches libcst (Python itself refuses far smaller nesting: 200 brackets, 100 indents).
MAX_BRACKET_DEPTH = 200
MAX_UNARY_RUN = 200
MAX_OPERATORS_PER_STATEMENT = 2_000
_TOKENS = re.compile(r"""
    (?P<string>[rRbBuUfFtT]{0,2}(?:'''|\"\"\"|'|"))
  | (?P<comment>\#[^\n]*)
  | (?P<open>[(\[{]) | (?P<close>[)\]}])
  | (?P<newline>\n)
  | (?P<unary>[-+~](?:\s*[-+~]){8,})
  | (?P<not>(?:\bnot\s+){8,})
  | (?P<operator>\*\*|//|<<|>>|[-+*/%@&|^<>]|\band\b|\bor\b|\bif\b|\blambda\b)
""", re.VERBOSE)


def too_complex_for_libcst(text: str) -> bool:
    """A single cheap pass that over-estimates bracket depth, unary runs and operators per statement."""
    depth = max_depth = operators = 0
    position, length = 0, len(text)
    while position < length:
        match = _TOKENS.search(text, position)
        if match is None:
            break
        kind = match.lastgroup
        position = match.end()
        if kind == "string":
            quote = match.group()[-3:] if match.group().endswith(("'''", '"""')) else match.group()[-1]
            end = _string_end(text, position, quote)
            position = end
        elif kind == "open":
            depth += 1
            max_depth = max(max_depth, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "newline":
            if depth == 0:
                operators = 0
        elif kind in ("unary", "not"):
            run = match.group().count("not") if kind == "not" else sum(match.group().count(c) for c in "-+~")
            if run > MAX_UNARY_RUN:
                return True
            operators += run
        elif kind == "operator":
            operators += 1
        if max_depth > MAX_BRACKET_DEPTH or operators > MAX_OPERATORS_PER_STATEMENT:
            return True
    return False


def _string_end(text: str, start: int, quote: str) -> int:
    """Index just past the closing quote (or the end of line, for an unterminated one-line string)."""
    position = start
    while True:
        end = text.find(quote, position)
        stop = text.find("\n", position) if len(quote) == 1 else -1
        if end < 0 or (0 <= stop < end):
            return stop if stop >= 0 else len(text)
        backslashes = 0
        while end - backslashes - 1 >= start and text[end - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return end + len(quote)
        position = end + 1


# ------------------------------------------------------------------------------------------------- Python 2
_PY2_STATEMENTS = (  # unmistakable anywhere in a file
    ("print statement", re.compile(r"^\s*print(?:\s*>>|\s+(?:[\"']|[\w.\[\]]+\s*(?:,|%|$)))")),
    ("exec statement", re.compile(r"^\s*exec\s+(?:[\"']|\w+\s+in\s)")),
    ("except X, e", re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:")),
    ("raise E, message", re.compile(r"^\s*raise\s+[\w.]+\s*,")),
)
_PY2_TOKENS = (  # only trusted on the line the host parser complained about
    ("backtick repr", re.compile(r"`")),
    ("octal literal without 0o", re.compile(r"(?<![\w.])0[0-7]+(?![\w.])")),
    ("long integer literal", re.compile(r"(?<![\w.])\d+[lL](?!\w)")),
    ("<> operator", re.compile(r"<>")),
    ("ur'' string prefix", re.compile(r"(?<!\w)[uU][rR]['\"]")),
)
_PY2_MESSAGES = (
    ("Missing parentheses in call to 'print'", "print statement"),
    ("Missing parentheses in call to 'exec'", "exec statement"),
    ("leading zeros in decimal integer literals", "octal literal without 0o"),
    ("inconsistent use of tabs and spaces in indentation", "tabs and spaces mixed in indentation"),
)
_STRINGS_AND_COMMENTS = re.compile(r"""#.*$|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")


def python2_feature(text: str, error: SyntaxError) -> str | None:
    """Name the Python 2 construct that explains ``error``, looking at the error's line first, then the file."""
    for fragment, feature in _PY2_MESSAGES:
        if error.msg and fragment in error.msg:
            return feature
    lines = text.splitlines()
    if error.lineno and 1 <= error.lineno <= len(lines):
        code = _STRINGS_AND_COMMENTS.sub("''", lines[error.lineno - 1])
        for feature, pattern in _PY2_STATEMENTS + _PY2_TOKENS:
            if pattern.search(code):
                return feature
    for line in lines:
        code = _STRINGS_AND_COMMENTS.sub("''", line)
        for feature, pattern in _PY2_STATEMENTS:
            if pattern.search(code):
                return feature
    return None
