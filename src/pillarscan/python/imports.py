"""Which files of a repository a module imports, without importing anything: the context a change review needs.

A review analyses the files a change touches *and* the repository modules they import (transitively), so a
flow from a touched view into an untouched helper is still followed. Module names come from repository-relative
paths (``names.module_name_for``); a file is also known by its name below each folder that is not a package
(no ``__init__.py``), so ``src/shop/db.py`` answers to ``shop.db`` in a src layout.
"""

from __future__ import annotations

import ast
import posixpath
import re
import warnings
from functools import lru_cache
from typing import Callable, Iterable

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
        folders = ["/".join(parts[:i]) for i in range(1, len(parts))]
        packaged = [module_name_for("/".join(parts[cut:])) for cut in range(len(parts))
                    if all(folder in packages for folder in folders[cut:])]
        # packaged[0] has the longest package chain (the name relative imports resolve against); the name from
        # the repository root always counts too (scripts run from the root import that way)
        return [n for n in dict.fromkeys([*packaged, module_name_for(path)]) if n != "__main__"] or ["__main__"]

    def resolve(self, name: str) -> str | None:
        return self.by_name.get(name)


@lru_cache(maxsize=4096)  # both sides of a change share most files: their imports are read once
def imported_names(source: bytes, module: str, is_package: bool) -> frozenset[str]:
    """Dotted names a module may load: each import, its parent packages, and ``from X import Y`` as both X and
    X.Y (Y may be a submodule). Only the import statements are parsed (see ``import_statements``): finding the
    context of a change reads thousands of files, and parsing each one whole cost more than the review itself."""
    names: set[str] = set()
    for node in import_statements(source):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.update(_with_parents(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                if not is_package:
                    parts = parts[:-1]
                parts = parts[: max(len(parts) - (node.level - 1), 0)]
                base = ".".join(p for p in (*parts, base) if p)
            if base:
                names.update(_with_parents(base))
            names.update(f"{base}.{a.name}" if base else a.name for a in node.names if a.name != "*")
    return frozenset(names)


_IMPORT_LINE = re.compile(rb"^[ \t]*((?:import[ \t\\]|from[ \t\\.])[^\n]*)", re.MULTILINE)


def import_statements(source: bytes) -> list[ast.stmt]:
    """The ``import`` and ``from … import`` statements of a module, at any depth (inside ``try``, ``if`` or a
    function too). Each is cut out of its line (through parentheses and continuations) and all are parsed
    together, one by one only if that fails. A line in a string that looks like an import may be taken for
    one: the review then analyses one module more than needed, which costs time, never a finding."""
    statements: list[bytes] = []
    for match in _IMPORT_LINE.finditer(source):
        line = match.group(1).split(b"#", 1)[0].split(b";", 1)[0].rstrip()
        if line.endswith(b"\\") or line.count(b"(") > line.count(b")"):
            line = _logical_line(source, match.start(1)).strip()
        statements.append(line)
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


def import_closure(start: Iterable[str], index: ModuleIndex, read: Callable[[list[str]], dict[str, bytes]],
                   limit: int = 2000) -> list[str]:
    """``start`` plus every repository file they import, transitively (at most ``limit`` files), in a stable
    order: the starting files first, then context files by path."""
    start = list(dict.fromkeys(start))
    seen = set(start)
    frontier = [p for p in start if p.endswith(PYTHON_SUFFIXES)]
    context: list[str] = []
    while frontier and len(seen) < limit:
        contents = read(frontier)
        found: list[str] = []
        for path in frontier:
            data = contents.get(path)
            if data is None:
                continue
            module = index.canonical.get(path) or module_name_for(path)
            for name in sorted(imported_names(data, module, path.endswith("__init__.py"))):
                target = index.resolve(name)
                if target is not None and target not in seen and len(seen) < limit:
                    seen.add(target)
                    found.append(target)
        context.extend(found)
        frontier = found
    return start + sorted(context)


def importers(targets: set[str], index: ModuleIndex, read: Callable[[list[str]], dict[str, bytes]],
              limit: int = 500, batch: int = 256) -> list[str]:
    """Repository files that import one of ``targets`` directly (at most ``limit``). Only files that mention a
    target's module name at all are parsed, so the cost on a large repository is mostly one read of it."""
    names = {name for name, path in index.by_name.items() if path in targets}
    words = sorted({name.rsplit(".", 1)[-1] for name in names})
    if not words:
        return []
    mention = re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in words) + rb")\b")
    candidates = [p for p in sorted(index.canonical) if p not in targets]
    found: list[str] = []
    for start in range(0, len(candidates), batch):
        chunk = candidates[start:start + batch]
        contents = read(chunk)
        for path in chunk:
            data = contents.get(path)
            if not data or not mention.search(data):
                continue
            loaded = imported_names(data, index.canonical[path], path.endswith("__init__.py"))
            if any(index.resolve(name) in targets for name in loaded):
                found.append(path)
                if len(found) >= limit:
                    return found
    return found
