"""Reading what does not parse as it stands: Python 2 files, and files with a syntax error somewhere.

Both host and libcst have rejected the text when this module is asked (see ``parse.parse_source``), so nothing
here can change what a valid Python 3 file yields. Two repairs, combined as needed, each keeping every line at
its own number, so that findings point at the lines the user wrote:

* **Python 2.** fissix (a maintained fork of lib2to3) parses the text with the Python 2 grammar and rewrites the
  constructs Python 3 rejects or reads differently (``FIXERS``), without importing or running anything. A fixer
  that inserts a line (``except E, (a, b):``, tuple parameters) is followed exactly: every line of the output is
  mapped back to the line its tokens came from, and the tree's line numbers are rewritten through that map.
  Indentation that mixes tabs and spaces is read as Python 2 read it, with tabs to the next multiple of 8.
* **A syntax error.** The broken statement is left out — its lines replaced by empty ones (a method of a class by
  ``pass``, so the class stays valid) — and the rest parses again. The unit left out is a top-level statement, or
  a ``def`` directly inside a top-level class; never a statement inside a function, whose removal could drop a
  sanitiser and invent a flow. parso's error-tolerant parser gives the statement boundaries of broken code.

Bounded on hostile input: at most ``MAX_LEFT_OUT`` statements are left out, fissix converts at most
``PYTHON2_WORK_CHARS`` characters in all, and text over ``MAX_RECOVERY_CHARS`` is not attempted. The caller turns
``Recovery.notes`` into warnings; when nothing can be recovered it reports the syntax error as before.
"""

from __future__ import annotations

import ast
import re
import threading
import warnings
from dataclasses import dataclass, field

from .gc_pause import paused_gc

MAX_RECOVERY_CHARS = 2_000_000
MAX_LEFT_OUT = 16
PYTHON2_WORK_CHARS = 4_000_000

# Constructs Python 3 rejects (print, exec, except/raise with commas, backticks, <>, 0755, 10L, ur'', tuple
# parameters, ``for x in 1, 2`` in comprehensions) and builtins whose Python 2 meaning a reviewer must see
# (``input`` evaluates its text; ``execfile`` runs a file). Module renames (urllib2, cPickle) are left alone:
# the models know the Python 2 names, and messages keep the names the user wrote.
FIXERS = ("print", "except", "raise", "exec", "execfile", "repr", "ne", "numliterals", "long", "unicode",
          "basestring", "dict", "has_key", "xrange", "raw_input", "input", "apply", "paren", "tuple_params",
          "standarderror", "getcwdu", "throw")


@dataclass
class Recovery:
    """The tree of the repaired text; ``notes`` are (message, line) pairs the user must read."""

    tree: ast.Module
    python2: bool = False
    notes: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass
class _Region:
    """Lines ``first``..``last`` (1-based, inclusive) of one statement that can be left out; a class member has
    ``indent`` (its first line becomes ``pass``) and the index of its class's region in ``parent``."""

    first: int
    last: int
    what: str
    indent: str | None = None
    parent: int | None = None
    members: list[int] = field(default_factory=list)


def recover(text: str, host_error: SyntaxError, python2_hint: str | None) -> Recovery | None:
    """A tree for as much of ``text`` as can be read, or None when no statement could be kept."""
    if len(text) > MAX_RECOVERY_CHARS:
        return None
    python2 = python2_hint is not None
    if not python2:  # Python 2 that names no tell-tale construct (a tuple parameter): one try, if it reads whole
        converted = convert_python2(text)
        if isinstance(converted, ast.Module):
            return Recovery(tree=converted, python2=True, notes=[(
                "read as Python 2 (Python 2 grammar): converted to Python 3 syntax for analysis; findings point at "
                "the file's own lines", host_error.lineno)])
    lines = _split_lines(text)
    tabs_expanded = False
    if python2:
        expanded = [_expand_indent_tabs(line) for line in lines]
        tabs_expanded = expanded != lines
        lines = expanded
    regions: list[_Region] | None = None
    left_out: dict[int, tuple[int, str]] = {}  # region index -> (error line, message)
    fissix_budget = PYTHON2_WORK_CHARS
    converted_any = False
    while True:
        current = "".join(lines)
        tree, error = _host_parse(current)
        if tree is None and error is None:
            return None  # the compiler refused the text outright: nothing to repair
        if tree is None and python2:
            if fissix_budget < len(current):
                return None  # the Python 3 parser's complaints about Python 2 would only leave out good code
            fissix_budget -= len(current)
            result = convert_python2(current)
            if isinstance(result, ast.Module):
                tree, converted_any = result, True
            else:
                error = result
        if tree is not None:
            break
        line, message = error
        after = _AFTER_LINE.search(message)  # "expected an indented block after 'if' statement on line 4"
        where = int(after.group(1)) if after else line
        if regions is None:
            regions = statement_regions(current)  # nothing is left out yet: the boundaries of the file itself
        index = _region_to_leave_out(regions, where, left_out)
        if index is None or len(left_out) >= MAX_LEFT_OUT:
            return None
        _leave_out(lines, regions, index, left_out)
        left_out[index] = (line, message)
    if regions is not None and all(i in left_out or regions[i].parent is not None
                                   for i in range(len(regions))):
        return None  # every statement was left out: the file was not read, and must not look read
    recovery = Recovery(tree=tree, python2=python2 and (converted_any or tabs_expanded))
    if recovery.python2:
        how = "converted to Python 3 syntax for analysis" if converted_any else \
            "indentation read with 8-column tabs, as Python 2 does"
        recovery.notes.append((f"read as Python 2 ({python2_hint}): {how}; findings point at the file's own lines",
                               host_error.lineno))
    for index, (line, message) in sorted(left_out.items(), key=lambda item: regions[item[0]].first):
        region = regions[index]
        span = f"line {region.first}" if region.first == region.last else f"lines {region.first}-{region.last}"
        recovery.notes.append((f"syntax error at line {line}: {message}; {region.what} ({span}) was left out and "
                               "the rest of the file was analysed", line))
    return recovery


# ------------------------------------------------------------------------------------------------- lines
_AFTER_LINE = re.compile(r"\bafter .* on line (\d+)$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _split_lines(text: str) -> list[str]:
    """Physical lines with their endings, split where the Python tokenizer splits (form feeds are not ends)."""
    return _LINE.findall(text)


def _expand_indent_tabs(line: str) -> str:
    """Python 2 moved a tab in indentation to the next multiple of 8 columns; Python 3 refuses mixed ones."""
    stripped = line.lstrip(" \t")
    indent = line[:len(line) - len(stripped)]
    return indent.expandtabs(8) + stripped if "\t" in indent else line


def _host_parse(text: str) -> tuple[ast.Module | None, tuple[int, str] | None]:
    """(tree, None), or (None, (line, message)) for a syntax error, or (None, None) when the compiler refuses
    the text for another reason (too deep, null bytes): no repair will help then."""
    try:
        with warnings.catch_warnings(), paused_gc():
            warnings.simplefilter("ignore")
            return ast.parse(text), None
    except SyntaxError as exc:
        return None, (exc.lineno or 1, exc.msg or "invalid syntax")
    except (ValueError, RecursionError, MemoryError):
        return None, None


# ------------------------------------------------------------------------------------------------- regions
def statement_regions(text: str) -> list[_Region]:
    """The statements that may be left out, from parso's error-recovering tree: a top-level statement starts at
    column 0, so whatever parso could not attach (the indented body of a broken ``def``) joins the statement
    before it; a decorator line joins the statement it decorates. Empty when parso fails."""
    try:
        return _regions_of(text)
    except (Exception, RecursionError):  # noqa: BLE001 - no boundaries: the error cannot be isolated
        return []


def _regions_of(text: str) -> list[_Region]:
    import parso

    module = parso.load_grammar().parse(text, error_recovery=True)
    regions: list[_Region] = []
    groups = _column_groups([c for c in module.children if c.type != "endmarker"], column=0)
    for nodes in groups:
        first, last = nodes[0].start_pos[0], _last_line(nodes[-1])
        region = _Region(first, last, _describe(nodes[0]))
        regions.append(region)
        if len(nodes) == 1 and nodes[0].type == "classdef":
            _add_members(regions, len(regions) - 1, nodes[0], text)
    return regions


def _column_groups(nodes: list, column: int) -> list[list]:
    groups: list[list] = []
    for node in nodes:
        starts = node.start_pos[1] <= column
        if groups and (not starts or _is_decorator(groups[-1][-1])):
            groups[-1].append(node)
        else:
            groups.append([node])
    return groups


def _is_decorator(node) -> bool:
    """A decorator line parso could not attach to its ``def`` (a whole decorated ``def`` is "decorated")."""
    return node.type in ("decorator", "decorators") or (node.type != "decorated" and _first_word(node) == "@")


def _first_word(node) -> str:
    leaf = node.get_first_leaf()
    return leaf.value if leaf is not None else ""


def _last_line(node) -> int:
    line, column = node.end_pos
    return line - 1 if column == 0 and line > node.start_pos[0] else line


def _describe(node) -> str:
    """"function name" / "class name" from the statement's first words (parso may have split a broken ``def``
    into error leaves), "the statement" otherwise."""
    leaf = node.get_first_leaf()
    while leaf is not None and leaf.value == "@":  # skip the decorators: to the leaf after each one's newline
        while leaf is not None and leaf.type != "newline":
            leaf = leaf.get_next_leaf()
        leaf = leaf.get_next_leaf() if leaf is not None else None
    if leaf is not None and leaf.value == "async":
        leaf = leaf.get_next_leaf()
    if leaf is not None and leaf.value in ("def", "class"):
        name = leaf.get_next_leaf()
        if name is not None and name.type == "name":
            return f"{'function' if leaf.value == 'def' else 'class'} {name.value}"
    return "the statement"


def _add_members(regions: list[_Region], class_index: int, classdef, text: str) -> None:
    """A top-level class's ``def`` members, each its own region: one broken method costs only itself."""
    suite = classdef.children[-1]
    if suite.type != "suite":
        return
    statements = [c for c in suite.children if c.type not in ("newline", "endmarker")]
    if not statements:
        return
    column = statements[0].start_pos[1]
    lines = _split_lines(text)
    for nodes in _column_groups(statements, column):
        if _describe(nodes[0]) == "the statement" or _describe(nodes[0]).startswith("class "):
            continue  # an attribute or statement of the class body: leaving it out could change the class
        first = nodes[0].start_pos[0]
        indent_line = lines[first - 1] if first <= len(lines) else ""
        indent = indent_line[:len(indent_line) - len(indent_line.lstrip(" \t"))]
        describe = _describe(nodes[0]).replace("function ", "method ")
        regions[class_index].members.append(len(regions))
        regions.append(_Region(first, _last_line(nodes[-1]), f"{describe} of {regions[class_index].what}",
                               indent=indent, parent=class_index))


def _region_to_leave_out(regions: list[_Region], line: int, left_out: dict) -> int | None:
    """The innermost region not yet left out that holds ``line`` (or, past every region's end — "unexpected
    EOF" — the last one before it); a class whose member did not help is left out whole."""
    top = None
    for index, region in enumerate(regions):
        if region.parent is None and region.first <= line:
            top = index
    if top is None:
        return None
    if regions[top].last < line and any(r.parent is None and r.first > line for r in regions):
        return None  # the line lies between statements (blank or comment): nothing there to leave out
    if top in left_out:
        return None
    for member in regions[top].members:
        if regions[member].first <= line <= regions[member].last:
            return None if member in left_out else member
    return top


def _leave_out(lines: list[str], regions: list[_Region], index: int, left_out: dict) -> None:
    region = regions[index]
    for number in range(region.first, min(region.last, len(lines)) + 1):
        lines[number - 1] = _ending(lines[number - 1])
    if region.indent is not None and region.first <= len(lines):
        lines[region.first - 1] = region.indent + "pass" + (_ending(lines[region.first - 1]) or "\n")
    if region.parent is None:
        for member in region.members:  # the whole class is out: its members need no separate account
            left_out.pop(member, None)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


# ------------------------------------------------------------------------------------------------- Python 2
_fissix_lock = threading.Lock()
_tool = None


def _refactoring_tool():
    """fissix's tool with ``FIXERS``, built once per process. fissix would cache its grammar tables in the
    user's home; a scanner must not write there, so the tables are generated in memory (milliseconds)."""
    global _tool
    if _tool is None:
        from fissix.pgen2 import driver, pgen

        original = driver.load_grammar
        driver.load_grammar = lambda gt="Grammar.txt", *args, **kwargs: pgen.generate_grammar(gt)
        try:
            from fissix import refactor
        finally:
            driver.load_grammar = original
        _tool = refactor.RefactoringTool([f"fissix.fixes.fix_{name}" for name in FIXERS])
    return _tool


def convert_python2(text: str) -> ast.Module | tuple[int, str]:
    """The Python 3 tree of Python 2 ``text``, its line numbers the text's own; else (line, message) of what
    stopped the conversion or the parse of its result."""
    try:
        with _fissix_lock:
            tool = _refactoring_tool()
            from fissix import pygram, pytree
            from fissix.pgen2 import driver
            from fissix.refactor import _detect_future_features

            features = _detect_future_features(text)
            grammar = pygram.python_grammar_no_print_statement if "print_function" in features \
                else pygram.python_grammar
            tree = driver.Driver(grammar, convert=pytree.convert).parse_string(text)
            tree.future_features = features
            tool.refactor_tree(tree, "<python2>")
            converted = str(tree)
            line_map = _line_map(tree, converted)
    except RecursionError:
        return 1, "nesting too deep to convert from Python 2"
    except Exception as exc:  # noqa: BLE001 - fissix's ParseError, TokenError, or anything on hostile input
        return _fissix_error(exc)
    result, error = _host_parse(converted)
    if result is None:
        if error is None:
            return 1, "the converted text could not be compiled"
        line, message = error
        return line_map[min(line, len(line_map)) - 1] if line_map else line, message
    if line_map != list(range(1, len(line_map) + 1)):
        _renumber(result, line_map)
    return result


def _fissix_error(exc: Exception) -> tuple[int, str]:
    context = getattr(exc, "context", None)  # ParseError: (prefix, (line, column))
    if isinstance(context, tuple) and len(context) == 2 and isinstance(context[1], tuple):
        return context[1][0], "invalid syntax (Python 2 grammar)"
    args = getattr(exc, "args", ())
    if len(args) == 2 and isinstance(args[1], tuple) and args[1] and isinstance(args[1][0], int):
        return args[1][0], str(args[0])  # TokenError: (message, (line, column))
    return 1, f"cannot convert from Python 2: {type(exc).__name__}"


_NEWLINES = re.compile(r"\r\n|\r|\n")


def _line_map(tree, converted: str) -> list[int]:
    """For each line of ``converted``, the line of the original its tokens came from: tokens fissix kept (or
    cloned) carry their original line (a multi-line string and the comments before a token follow it); a line of
    new tokens only belongs with the line before it."""
    count = len(_NEWLINES.findall(converted)) + (0 if converted.endswith(("\n", "\r")) or not converted else 1)
    origin: list[int | None] = [None] * max(count, 1)
    line = 1

    def claim(output_line: int, original: int) -> None:
        if 1 <= output_line <= len(origin) and original >= 1 and origin[output_line - 1] is None:
            origin[output_line - 1] = original

    for leaf in tree.leaves():
        before = len(_NEWLINES.findall(leaf.prefix))
        inside = len(_NEWLINES.findall(leaf.value))
        line += before
        if leaf.lineno and leaf.value.strip():  # a token of the original: its lines, and the comments before it
            for offset in range(-before, inside + 1):
                claim(line + offset, leaf.lineno + offset)
        line += inside
    mapped, previous = [], 1
    for number, original in enumerate(origin, 1):
        previous = original if original is not None else (previous if number > 1 else 1)
        mapped.append(previous)
    return mapped


def _renumber(tree: ast.Module, line_map: list[int]) -> None:
    last = len(line_map)
    for node in ast.walk(tree):
        for attribute in ("lineno", "end_lineno"):
            value = getattr(node, attribute, None)
            if isinstance(value, int) and value >= 1:
                setattr(node, attribute, line_map[min(value, last) - 1])
