"""The project around files named one by one: the modules they import, read for their flows, never reported on.

Why: an editor, a pre-commit hook or a curious user runs ``pillarscan scan app/views/files.py``. Analysed alone,
every call into a helper of the project is a call to the unknown, so a view that calls a sanitising helper looks
exactly like one that calls a dangerous one, and the answer differs from the one the file gets in its project.
So, as a change review does (``change_review``), the modules a named file imports (transitively) are analysed
too, as *context*: their flow facts take part in the cross-module phase, and only findings whose sink or some
step of whose flow lies in a named file are reported.

The project of a named file is the folder above its outermost package (``app/`` for ``app/views/files.py`` when
``views`` holds an ``__init__.py``), or the file's own folder for a script: both are where Python would look
for the names it imports. The folder is walked like any scan target (the same exclusions, ignore files and
symbolic-link rules), and only what the named files reach through imports is read.
"""

from __future__ import annotations

import os
from typing import Iterable

from ..findings import Diagnostic
from ..python.imports import ImportLists, ModuleIndex, import_closure
from .files import SourceFile, collect

CONTEXT_LIMIT = 500  # context modules per project, at most: beyond that a named file is a whole-tree review


def project_context(named: Iterable[SourceFile], excludes: Iterable = (), max_file_bytes: int = 2_000_000,
                    ) -> tuple[list[SourceFile], list[Diagnostic]]:
    """(context modules to analyse for ``named`` files, diagnostics), without the named files themselves."""
    by_root: dict[str, list[SourceFile]] = {}
    for source in named:
        root = _project_root(source)
        if root is not None:
            by_root.setdefault(root, []).append(source)
    context: list[SourceFile] = []
    diagnostics: list[Diagnostic] = []
    seen = {os.path.realpath(s.path) for files in by_root.values() for s in files}  # named files are not context
    for root, files in by_root.items():
        listed, _ = collect([root], tuple(excludes))  # what the walk skipped is not the user's target: no noise
        by_rel = {s.rel: s for s in listed}
        for source in files:
            by_rel.setdefault(source.rel, source)

        def read(paths: list[str]) -> dict[str, bytes]:
            out = {}
            for rel in paths:
                try:
                    with open(by_rel[rel].path, "rb") as fh:
                        data = fh.read(max_file_bytes + 1)
                except (OSError, KeyError):
                    continue
                if len(data) <= max_file_bytes:
                    out[rel] = data
            return out

        closure = import_closure([s.rel for s in files], ModuleIndex(by_rel), ImportLists(read, lambda _: None),
                                 limit=len(files) + CONTEXT_LIMIT)
        for rel in closure:
            source = by_rel.get(rel)
            if source is None:
                continue
            real = os.path.realpath(source.path)
            if real not in seen:
                seen.add(real)
                context.append(source)
        if len(closure) >= len(files) + CONTEXT_LIMIT:
            diagnostics.append(Diagnostic(root, f"more than {CONTEXT_LIMIT} modules imported by the named files; "
                                          "the first ones were read as context", kind="warning"))
    return context, diagnostics


def _project_root(source: SourceFile) -> str | None:
    """The folder ``source.rel`` is relative to: ``source.path`` with as many trailing parts taken off as ``rel``
    has (``rel`` holds the package chain above the file; see ``files._package_prefix``)."""
    if source.content is not None:
        return None
    folder = os.path.dirname(os.path.abspath(source.path))
    for _ in range(source.rel.count("/")):
        folder = os.path.dirname(folder)
    root = os.path.relpath(folder)
    return root if not root.startswith("..") else folder
