"""Walking trees into the list of Python files to review (minimal first version)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..findings import Diagnostic

DEFAULT_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "node_modules",
                               "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache", ".eggs", "site-packages"})


@dataclass(frozen=True)
class SourceFile:
    """A file to review: ``path`` as shown to users, ``rel`` relative to its scan root (for module names)."""

    path: str
    rel: str


def collect(targets: list[str], excludes: tuple[str, ...] = ()) -> tuple[list[SourceFile], list[Diagnostic]]:
    files: list[SourceFile] = []
    diags: list[Diagnostic] = []
    for target in targets:
        if os.path.isfile(target):
            files.append(SourceFile(target, os.path.basename(target)))
            continue
        if not os.path.isdir(target):
            diags.append(Diagnostic(target, "no such file or directory"))
            continue
        for dirpath, dirnames, filenames in os.walk(target):
            dirnames[:] = sorted(d for d in dirnames if d not in DEFAULT_SKIP_DIRS)
            for name in sorted(filenames):
                if name.endswith(".py"):
                    full = os.path.join(dirpath, name)
                    files.append(SourceFile(full, os.path.relpath(full, target)))
    return files, diags
