"""Walking trees into the list of Python files to review, saying plainly what was left out and why.

Directory walks skip version-control, virtual-environment, dependency and build folders, honour ``.gitignore``
files (the root one and nested ones) and ``--exclude`` globs, follow symbolic links once (a loop is reported,
not followed), and turn every unreadable path into a diagnostic. A file named on the command line is always
reviewed, whatever its name.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass

import pathspec

from ..findings import Diagnostic

DEFAULT_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "node_modules",
                               "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                               ".eggs", "site-packages", "__pypackages__"})


@dataclass(frozen=True)
class SourceFile:
    """A file to review: ``path`` as shown to users, ``rel`` relative to its scan root (for module names)."""

    path: str
    rel: str


def _excluded(rel: str, excludes: tuple[str, ...]) -> bool:
    rel = rel.replace(os.sep, "/")
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g.rstrip("/") + "/*")
               for g in excludes)


def _gitignore(dirpath: str) -> pathspec.GitIgnoreSpec | None:
    path = os.path.join(dirpath, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return pathspec.GitIgnoreSpec.from_lines(fh)
    except OSError:
        return None


def _is_virtualenv(dirpath: str) -> bool:
    return os.path.isfile(os.path.join(dirpath, "pyvenv.cfg"))


def collect(targets: list[str], excludes: tuple[str, ...] = ()) -> tuple[list[SourceFile], list[Diagnostic]]:
    files: list[SourceFile] = []
    diags: list[Diagnostic] = []
    for target in targets:
        if os.path.isfile(target):
            files.append(SourceFile(target, os.path.basename(target)))
        elif os.path.isdir(target):
            _walk(target, excludes, files, diags)
        elif os.path.islink(target):
            diags.append(Diagnostic(target, "broken symbolic link"))
        elif os.path.exists(target):
            diags.append(Diagnostic(target, "not a regular file or directory"))
        else:
            diags.append(Diagnostic(target, "no such file or directory"))
    return files, diags


def _walk(root: str, excludes: tuple[str, ...], files: list[SourceFile], diags: list[Diagnostic]) -> None:
    seen_dirs = {os.path.realpath(root)}
    # stack of (directory, its path relative to root, the .gitignore specs in force with their base dirs)
    stack: list[tuple[str, str, tuple]] = [(root, "", ())]
    while stack:
        dirpath, rel_dir, ignores = stack.pop()
        spec = _gitignore(dirpath)
        if spec is not None:
            ignores = ignores + ((rel_dir, spec),)
        try:
            entries = sorted(os.scandir(dirpath), key=lambda e: e.name)
        except OSError as exc:
            diags.append(Diagnostic(dirpath, f"cannot read directory: {exc.strerror or exc}"))
            continue
        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if _ignored(rel, entry, ignores) or _excluded(rel, excludes):
                continue
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                if entry.name.endswith(".py"):
                    reason = "symbolic link loop" if _is_link_loop(entry.path) else f"cannot read: {exc.strerror or exc}"
                    diags.append(Diagnostic(entry.path, reason))
                continue
            if is_dir:
                if entry.name in DEFAULT_SKIP_DIRS or _is_virtualenv(entry.path):
                    continue
                real = os.path.realpath(entry.path)
                if real in seen_dirs:
                    if entry.is_symlink():
                        diags.append(Diagnostic(entry.path, f"symbolic link loop (points back to {real}); not followed"))
                    continue
                seen_dirs.add(real)
                subdirs.append((entry.path, rel, ignores))
            elif entry.name.endswith(".py"):
                if is_file:
                    files.append(SourceFile(entry.path, rel))
                elif entry.is_symlink():
                    reason = "symbolic link loop" if _is_link_loop(entry.path) else "broken symbolic link"
                    diags.append(Diagnostic(entry.path, reason))
                else:
                    diags.append(Diagnostic(entry.path, "not a regular file"))
        stack.extend(reversed(subdirs))


def _ignored(rel: str, entry: os.DirEntry, ignores: tuple) -> bool:
    for base, spec in ignores:
        sub = rel[len(base) + 1:] if base else rel
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if spec.match_file(sub + ("/" if is_dir else "")):
            return True
    return False


def _is_link_loop(path: str) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False
