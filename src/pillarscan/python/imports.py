"""Which files of a repository a module imports, without importing anything: the context a change review needs.

A review analyses the files a change touches *and* the repository modules they import (transitively), so a
flow from a touched view into an untouched helper is still followed. Module names come from repository-relative
paths (``names.module_name_for``); a file is also known by its name below each folder that is not a package
(no ``__init__.py``), so ``src/shop/db.py`` answers to ``shop.db`` in a src layout.
"""

from __future__ import annotations

import ast
import hashlib
import posixpath
import re
import warnings
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple

from .names import module_name_for

PYTHON_SUFFIXES = (".py", ".pyw")


class ModuleIndex:
    """Module name → repository path, for the Python files of one side of a change."""

    def __init__(self, paths: Iterable[str]):
        python = sorted(p for p in paths if p.endswith(PYTHON_SUFFIXES))
        packages = {posixpath.dirname(p) for p in python if posixpath.basename(p) == "__init__.py"}
        self.by_name: dict[str, str] = {}
        self.canonical: dict[str, str] = {}  # path → its fullest package name (relative imports resolve on it)
        for path in python:
            names = self._names(path, packages)
            self.canonical[path] = names[0]
            for name in names:
                self.by_name.setdefault(name, path)

    @staticmethod
    def _names(path: str, packages: set[str]) -> list[str]:
        """Every dotted name ``path`` can be imported by: from the repository root, and from below each folder
        whose subfolders down to the file are all packages; the first is the one a package chain supports best."""
        parts = path.split("/")
        first = len(parts) - 1  # the shallowest folder from which every folder down to the file is a package
        while first > 0 and "/".join(parts[:first]) in packages:
            first -= 1
        packaged = [module_name_for("/".join(parts[cut:])) for cut in range(first, len(parts))]
        # packaged[0] has the longest package chain (the name relative imports resolve against); the name from
        # the repository root always counts too (scripts run from the root import that way)
        return [n for n in dict.fromkeys([*packaged, module_name_for(path)]) if n != "__main__"] or ["__main__"]

    def resolve(self, name: str) -> str | None:
        return self.by_name.get(name)


# One import statement as plain data, independent of the file's place in the repository: ``(0, "", names)`` for
# ``import a.b, c`` and ``(level, module, names)`` for ``from .module import names`` (level >= 1 for a relative
# import; a from-import at level 0 is stored with level -1). Only the names are kept, never the ``as`` aliases.
ImportRecord = tuple[int, str, tuple[str, ...]]


class FileImports(NamedTuple):
    """What a file imports, as records: it depends on the file's bytes alone, so it can be kept per content (a
    git blob id) and reused on either side of a change, in any later review."""

    records: tuple[ImportRecord, ...]
    ascii: bool  # the statements' text is plain ASCII, so each of their words is a whole word of the file's text


def import_records(source: bytes) -> FileImports:
    """The import statements of a module (see ``import_statements``) as records."""
    texts = _statement_texts(source)
    records: list[ImportRecord] = []
    for node in _parse_statements(texts):
        if isinstance(node, ast.Import):
            records.append((0, "", tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.ImportFrom):
            records.append((node.level or -1, node.module or "", tuple(alias.name for alias in node.names)))
    return FileImports(tuple(records), all(text.isascii() for text in texts))


@lru_cache(maxsize=8192)  # both sides of a change share most files: each file's names are worked out once
def names_from_records(records: tuple[ImportRecord, ...], module: str, is_package: bool) -> frozenset[str]:
    """Dotted names a module may load: each import, its parent packages, and ``from X import Y`` as both X and
    X.Y (Y may be a submodule); relative imports resolve against ``module``."""
    names: set[str] = set()
    for level, base, imported in records:
        if level == 0:
            for name in imported:
                names.update(_with_parents(name))
            continue
        if level > 0:
            parts = module.split(".")
            if not is_package:
                parts = parts[:-1]
            parts = parts[: max(len(parts) - (level - 1), 0)]
            base = ".".join(p for p in (*parts, base) if p)
        if base:
            names.update(_with_parents(base))
        names.update(f"{base}.{name}" if base else name for name in imported if name != "*")
    return frozenset(names)


def imported_names(source: bytes, module: str, is_package: bool) -> frozenset[str]:
    """Dotted names a module may load (``names_from_records`` of its ``import_records``). Only the import
    statements are parsed: finding the context of a change reads thousands of files, and parsing each one
    whole cost more than the review itself."""
    return names_from_records(import_records(source).records, module, is_package)


def record_words(imports: FileImports) -> set[str] | None:
    """Every dotted part of every module and name a file's import statements hold, words its text certainly
    contains; None when the statements are not plain ASCII (identifiers are normalised when parsed)."""
    if not imports.ascii:
        return None
    words: set[str] = set()
    for _, base, imported in imports.records:
        for name in (base, *imported):
            words.update(name.split("."))
    return words


def git_blob_id(data: bytes) -> str:
    """The id git gives a blob with these contents, so files read from disk share keys with committed ones."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class ImportLists:
    """The import records of the files of one side of a change, by content id.

    ``known`` (content id → records) is shared by both sides and, through the cache, by later reviews: a git
    blob id is a hash of the contents, so the records found for an id hold for any file with that id. A path
    whose id the side knows without reading it (a commit, the index) is not read when its records are known;
    other paths (the working tree, a patched file) are read and their id computed as git computes it.
    ``parsed`` and ``reused`` count files whose imports were parsed here and files answered from ``known``."""

    def __init__(self, read: Callable[[list[str]], dict[str, bytes]], content_id: Callable[[str], str | None],
                 known: dict[str, FileImports] | None = None):
        self.read = read
        self.content_id = content_id
        self.known = known if known is not None else {}
        self.used: set[str] = set()  # ids looked up or added in this review (the cache keeps these when pruning)
        self.parsed = 0
        self.reused = 0

    def of(self, paths: Iterable[str]) -> dict[str, FileImports]:
        """Records of each path that exists on this side (paths that cannot be read are left out)."""
        found: dict[str, FileImports] = {}
        unknown: list[str] = []
        for path in paths:
            oid = self.content_id(path)
            records = self.known.get(oid) if oid else None
            if records is None:
                unknown.append(path)
            else:
                found[path] = records
                self.used.add(oid)
                self.reused += 1
        contents = self.read(unknown) if unknown else {}
        for path in unknown:
            data = contents.get(path)
            if data is None:
                continue
            oid = self.content_id(path) or git_blob_id(data)
            records = self.known.get(oid)
            if records is None:
                records = self.known[oid] = import_records(data)
                self.parsed += 1
            else:
                self.reused += 1
            self.used.add(oid)
            found[path] = records
        return found


_IMPORT_LINE = re.compile(rb"^[ \t]*((?:import[ \t\\]|from[ \t\\.])[^\n]*)", re.MULTILINE)


def import_statements(source: bytes) -> list[ast.stmt]:
    """The ``import`` and ``from … import`` statements of a module, at any depth (inside ``try``, ``if`` or a
    function too). Each is cut out of its line (through parentheses and continuations) and all are parsed
    together, one by one only if that fails. A line in a string that looks like an import may be taken for
    one: the review then analyses one module more than needed, which costs time, never a finding."""
    return _parse_statements(_statement_texts(source))


def _statement_texts(source: bytes) -> list[bytes]:
    statements: list[bytes] = []
    for match in _IMPORT_LINE.finditer(source):
        line = match.group(1).split(b"#", 1)[0].split(b";", 1)[0].rstrip()
        if line.endswith(b"\\") or line.count(b"(") > line.count(b")"):
            line = _logical_line(source, match.start(1)).strip()
        statements.append(line)
    return statements


def _parse_statements(statements: list[bytes]) -> list[ast.stmt]:
    if not statements:
        return []
    trees = _parse(b"\n".join(statements))
    if trees is None:
        trees = [node for statement in statements for node in (_parse(statement) or ())]
    return [node for node in trees if isinstance(node, (ast.Import, ast.ImportFrom))]


def _parse(text: bytes) -> list[ast.stmt] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text.decode("utf-8", "replace")).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _logical_line(source: bytes, start: int) -> bytes:
    """From ``start`` to the end of the statement: through open parentheses and backslash continuations, up to
    a ``;`` or the end of the line outside them; comments are dropped (import statements hold no strings)."""
    out = bytearray()
    depth, index, end = 0, start, len(source)
    while index < end:
        char = source[index]
        if char == 35:  # '#': a comment runs to the end of its line
            newline = source.find(b"\n", index)
            index = end if newline < 0 else newline
            continue
        if char == 92 and source[index + 1:index + 2] in (b"\n", b"\r"):  # backslash continuation
            index = source.find(b"\n", index)
            index = end if index < 0 else index + 1
            out += b" "
            continue
        if char in (10, 59) and depth == 0:  # end of line or ';'
            break
        if char == 40:  # (
            depth += 1
        elif char == 41:  # )
            depth = max(depth - 1, 0)
        out.append(32 if char in (10, 13) else char)
        index += 1
    return bytes(out)


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def import_closure(start: Iterable[str], index: ModuleIndex, imports: ImportLists, limit: int = 2000) -> list[str]:
    """``start`` plus every repository file they import, transitively (at most ``limit`` files), in a stable
    order: the starting files first, then context files by path."""
    start = list(dict.fromkeys(start))
    seen = set(start)
    frontier = [p for p in start if p.endswith(PYTHON_SUFFIXES)]
    context: list[str] = []
    while frontier and len(seen) < limit:
        records = imports.of(frontier)
        found: list[str] = []
        for path in frontier:
            if path not in records:
                continue
            module = index.canonical.get(path) or module_name_for(path)
            for name in sorted(names_from_records(records[path].records, module, path.endswith("__init__.py"))):
                target = index.resolve(name)
                if target is not None and target not in seen and len(seen) < limit:
                    seen.add(target)
                    found.append(target)
        context.extend(found)
        frontier = found
    return start + sorted(context)


def importers(targets: set[str], index: ModuleIndex, imports: ImportLists, limit: int = 500) -> list[str]:
    """Repository files that import one of ``targets`` directly and mention a target's module name (its last
    part) anywhere in their text (at most ``limit``, by path). The mention test is the cheap filter this
    function always applied before parsing; it is kept so the context of a review stays what it was, and it
    needs no reading when an import statement of the file already holds the name."""
    names = {name for name, path in index.by_name.items() if path in targets}
    words = sorted({name.rsplit(".", 1)[-1] for name in names})
    if not words:
        return []
    candidates = [p for p in sorted(index.canonical) if p not in targets]
    records = imports.of(candidates)
    importing = [p for p in candidates if p in records
                 and not names.isdisjoint(names_from_records(records[p].records, index.canonical[p],
                                                             p.endswith("__init__.py")))]
    # a word made only of ASCII letters, digits and underscores is found by the \b…\b search exactly where it
    # is a whole identifier, as every word of an import statement is; other words need the text itself
    plain = {w for w in words if w.isascii() and re.fullmatch(r"\w+", w)}
    unsure = {p for p in importing if plain.isdisjoint(record_words(records[p]) or ())}
    contents = imports.read(sorted(unsure)) if unsure else {}
    encoded = (re.escape(w.encode("utf-8", "surrogateescape")) for w in words)  # a name may hold any byte
    mention = re.compile(rb"\b(?:" + b"|".join(encoded) + rb")\b")
    return [p for p in importing if p not in unsure or mention.search(contents.get(p) or b"")][:limit]
