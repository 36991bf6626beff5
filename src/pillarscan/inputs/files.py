"""Walking targets into the list of Python files to review, and saying plainly what could not be walked.

A directory walk reviews ``*.py``/``*.pyw`` files and extensionless scripts whose first line is a Python
shebang. It leaves out what is not the project's own code: version-control and tool folders, virtual
environments (by name, or any folder holding a ``pyvenv.cfg``), ``node_modules``, build output, whatever the
``.gitignore`` files say (the repository's root one, those in folders above the target up to the repository
root, and nested ones, with git's precedence: the deepest file with a matching pattern decides), and the
excludes (``ExcludeSet``: gitignore patterns anchored at a folder — the configuration file's for
``[tool.pillarscan] exclude``, the current directory for ``--exclude`` — so ``scan .``, ``scan app`` and
``cd app && scan .`` leave out the same files).

Files named explicitly are always reviewed, whatever their name. Inside a walk, a symbolic link is followed only
while it stays inside the folder being walked: the tree under review may be a stranger's, and a link to
``~/.ssh``, to another project or to ``/`` must neither bring files from outside into the report nor make the
walk descend into the system; such a link is named in a diagnostic and not followed. Each directory's real path
is visited once: a link back to an ancestor is reported as a symlink loop, never walked forever. Unreadable
folders, dangling links and special files (FIFOs, sockets) become diagnostics; the walk goes on.

``.gitignore`` patterns are the repository's, so they are bounded too: a pattern with so many wildcards that
matching it could backtrack for minutes, and patterns past ``MAX_IGNORE_PATTERNS`` in one file, are reported
and left out — the files they would have hidden are reviewed, never silently skipped.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import pathspec

from ..findings import Diagnostic
from ..templates import is_template_name

DEFAULT_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", "node_modules",
                               "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                               ".eggs", "site-packages", "__pypackages__", ".ipynb_checkpoints"})
PYTHON_SUFFIXES = (".py", ".pyw")
_BROKEN_LINK = "broken symbolic link (its target does not exist)"
_VENV_MARKERS = ("pyvenv.cfg", os.path.join("bin", "activate"), os.path.join("Scripts", "activate.bat"))
_OUTSIDE = "symbolic link to outside the scanned tree; not followed"
MAX_IGNORE_PATTERNS = 2000  # per ignore file: real ones hold tens to hundreds; matching cost grows with each
MAX_WILDCARD_RUNS = 3  # '*' runs in one pattern: more can backtrack polynomially (seconds to minutes per name)


@dataclass(frozen=True)
class SourceFile:
    """A file to review: ``path`` as shown to users, ``rel`` relative to its scan root (for module names), and
    ``content`` when the bytes do not come from the disk (a blob of a commit or of the index, in a change review)."""

    path: str
    rel: str
    content: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class _IgnoreFile:
    """One ``.gitignore``: its patterns apply to paths relative to the folder holding it."""

    base: str  # absolute (logical) folder
    spec: pathspec.PathSpec


@dataclass(frozen=True)
class ExcludeSet:
    """Exclude patterns with gitignore semantics, anchored at ``base`` (an absolute folder): a pattern with a
    slash before its end (``gen/proto``, ``/build``) is relative to ``base``; one without (``tests``,
    ``*_test.py``, ``migrations/``) matches at any depth below it. ``base=None``: the current directory, or
    the walked target for files outside it (``--exclude`` given while scanning a folder elsewhere)."""

    patterns: tuple[str, ...]
    base: str | None = None

    def matches(self, path_abs: str, is_dir: bool, walk_root: str) -> bool:
        base = self.base or os.getcwd()
        rel = os.path.relpath(path_abs, base)
        if rel.startswith(".." + os.sep) or rel == "..":
            if self.base is not None:
                return False  # a configuration's patterns say nothing about files outside its folder
            rel = os.path.relpath(path_abs, walk_root)
        rel = rel.replace(os.sep, "/") + ("/" if is_dir else "")
        return _exclude_spec(self.patterns).match_file(rel)


@lru_cache(maxsize=64)
def _exclude_spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def exclude_sets(excludes: Iterable["ExcludeSet | str"]) -> tuple[ExcludeSet, ...]:
    """Plain strings (the command line's, or a library caller's) become one set anchored at the current folder."""
    sets, loose = [], []
    for item in excludes:
        if isinstance(item, ExcludeSet):
            sets.append(item)
        elif item.strip():
            loose.append(item.strip())
    if loose:
        sets.append(ExcludeSet(tuple(loose)))
    return tuple(sets)


# Configuration files a walk hands to the secret search (rules/config_secrets.py): read as text, never parsed.
CONFIG_SUFFIXES = (".env", ".yaml", ".yml", ".json", ".ini", ".cfg")
_TEMPLATE_SUFFIXES = (".example", ".sample", ".dist", ".template", ".tmpl", ".tpl")
_NOT_CONFIG = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock", "pipfile.lock",
                         "yarn.lock", "pnpm-lock.yaml"})  # lock files: hashes and versions, never credentials


def is_config_name(name: str) -> bool:
    """``.env``, ``.env.production``, ``*.yaml``/``*.yml`` (docker-compose too), ``*.json``, ``*.ini``, ``*.cfg``,
    and their ``.example``/``.sample`` copies."""
    low = name.lower()
    if low in _NOT_CONFIG:
        return False
    for suffix in _TEMPLATE_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            low = low[: -len(suffix)]
            break
    return low == ".env" or low.startswith(".env.") or low.endswith(CONFIG_SUFFIXES)


def collect(targets: Iterable[str], excludes: Iterable["ExcludeSet | str"] = (),
            templates: list[SourceFile] | None = None,
            configs: list[SourceFile] | None = None) -> tuple[list[SourceFile], list[Diagnostic]]:
    """(files to review, diagnostics for what could not be walked), in a stable order. With ``templates``, the
    walk also appends the template files it meets there (``templates.is_template_name``); with ``configs``, the
    configuration files (``is_config_name``) for the secret search. Both follow the same excludes, ignore files
    and symbolic-link rules as the code; their size is bounded where they are read."""
    walker = _Walker(exclude_sets(excludes))
    walker.templates = templates
    walker.configs = configs
    for target in targets:
        walker.target(target)
    return walker.files, walker.diagnostics


class _Walker:
    def __init__(self, excludes: tuple[ExcludeSet, ...]):
        self.excludes = excludes
        self.files: list[SourceFile] = []
        self.diagnostics: list[Diagnostic] = []
        self.seen_files: set[str] = set()  # real paths: a file reached twice (links, overlapping targets) once
        self.seen_dirs: set[str] = set()
        self.package_prefix = ""  # of the target being walked: see _package_prefix
        self.root_real = ""  # real path of the folder being walked: links may not lead out of it
        self.root_abs = os.getcwd()  # its logical path (for excludes given relative to another folder)
        self.templates: list[SourceFile] | None = None  # template files met on the walk, when asked for
        self.configs: list[SourceFile] | None = None  # configuration files for the secret search, when asked

    def target(self, target: str) -> None:
        try:
            info = os.stat(target)
        except FileNotFoundError:
            reason = _BROKEN_LINK if os.path.islink(target) else "no such file or directory"
            self.diagnostics.append(Diagnostic(target, reason))
            return
        except OSError as exc:
            self.diagnostics.append(Diagnostic(target, _stat_failure(exc)))
            return
        if stat.S_ISDIR(info.st_mode):
            self.package_prefix = _package_prefix(os.path.abspath(target))
            self.walk(target)
        elif stat.S_ISREG(info.st_mode):
            self.package_prefix = _package_prefix(os.path.dirname(os.path.abspath(target)))
            self.add_file(target, os.path.basename(target))
        else:
            self.diagnostics.append(Diagnostic(target, f"not a regular file ({_file_kind(info.st_mode)})"))

    def add_file(self, path: str, rel: str, walked: bool = False, into: list[SourceFile] | None = None,
                 real: str | None = None) -> None:
        """``real``: the file's real path when the walk knows it already (its folder's real path and a name that
        is no link), which spares resolving every component of a deep path again (an lstat each)."""
        real = real or os.path.realpath(path)
        if walked and not _inside(real, self.root_real):
            self.diagnostics.append(Diagnostic(path, _OUTSIDE))
            return
        if real not in self.seen_files:
            self.seen_files.add(real)
            (self.files if into is None else into).append(SourceFile(path, self.package_prefix + rel))

    # -------------------------------------------------------------------------------------------- walking
    def walk(self, root: str) -> None:
        root_abs = os.path.abspath(root)
        root_real = os.path.realpath(root)
        if root_real in self.seen_dirs:
            return
        self.root_real, self.root_abs = root_real, root_abs
        ignores = _ancestor_ignores(root_abs, self.diagnostics)
        if ignores and _ignored(ignores, root_abs, is_dir=True):
            ignores = []  # the user named an ignored folder: their request beats the ignore files
        # Each pending folder carries its logical path, rel path, ignore files in force and real-path ancestry.
        pending: list[tuple[str, str, list[_IgnoreFile], frozenset[str]]] = [(root, "", ignores, frozenset())]
        while pending:
            folder, rel, ignores, ancestry = pending.pop()
            real = os.path.realpath(folder)
            if not _inside(real, root_real):
                self.diagnostics.append(Diagnostic(folder, _OUTSIDE))
                continue
            if real in ancestry:
                self.diagnostics.append(Diagnostic(folder, f"symbolic link loop (points back to {real}); not followed"))
                continue
            if real in self.seen_dirs:
                self.diagnostics.append(Diagnostic(
                    folder, "folder already scanned by another path (a symbolic link); not scanned twice",
                    kind="warning"))
                continue
            self.seen_dirs.add(real)
            subfolders = self.walk_folder(folder, rel, ignores, ancestry | {real}, real)
            pending.extend(reversed(subfolders))

    def walk_folder(self, folder: str, rel: str, ignores: list[_IgnoreFile], ancestry: frozenset[str],
                    folder_real: str | None = None):
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            self.diagnostics.append(Diagnostic(folder, f"cannot read directory: {exc.strerror or exc}"))
            return []
        folder_abs = os.path.abspath(folder)
        if any(e.name == ".gitignore" for e in entries):
            loaded = _load_ignore(os.path.join(folder, ".gitignore"), folder_abs, self.diagnostics)
            if loaded is not None:
                ignores = [*ignores, loaded]
        subfolders = []
        for entry in entries:
            path = entry.name if folder == os.curdir else os.path.join(folder, entry.name)
            entry_rel = os.path.join(rel, entry.name) if rel else entry.name
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError as exc:  # a link loop, or a folder entry we may not look at
                self.diagnostics.append(Diagnostic(path, _stat_failure(exc)))
                continue
            if is_dir:
                if self.skip_folder(path, entry.name, entry_rel, ignores):
                    continue
                subfolders.append((path, entry_rel, ignores, ancestry))
            elif is_file:
                if self.is_python(entry) and not self.excluded(folder_abs, entry.name, is_dir=False) \
                        and not _ignored(ignores, os.path.join(folder_abs, entry.name), is_dir=False):
                    link = entry.is_symlink()
                    self.add_file(path, entry_rel, walked=link, real=_real_of(folder_real, entry.name, link))
                elif self.templates is not None and is_template_name(entry.name, "templates" in rel.split(os.sep)) \
                        and not self.excluded(folder_abs, entry.name, is_dir=False) \
                        and not _ignored(ignores, os.path.join(folder_abs, entry.name), is_dir=False):
                    if not entry.is_symlink() or _inside(os.path.realpath(path), self.root_real):
                        self.templates.append(SourceFile(path, entry_rel))
                    else:
                        self.diagnostics.append(Diagnostic(path, _OUTSIDE))
                elif self.configs is not None and is_config_name(entry.name) \
                        and not self.excluded(folder_abs, entry.name, is_dir=False) \
                        and not _ignored(ignores, os.path.join(folder_abs, entry.name), is_dir=False):
                    link = entry.is_symlink()
                    self.add_file(path, entry_rel, walked=link, into=self.configs,
                                  real=_real_of(folder_real, entry.name, link))
            elif entry.name.endswith(PYTHON_SUFFIXES) and not self.excluded(folder_abs, entry.name, is_dir=False):
                self.diagnostics.append(Diagnostic(path, _odd_entry_reason(path)))
        return subfolders

    def skip_folder(self, path: str, name: str, rel: str, ignores: list[_IgnoreFile]) -> bool:
        if name in DEFAULT_SKIP_DIRS or name.endswith(".egg-info"):
            return True
        folder_abs = os.path.dirname(os.path.abspath(path))
        if self.excluded(folder_abs, name, is_dir=True) or _ignored(ignores, os.path.abspath(path), is_dir=True):
            return True
        return any(os.path.exists(os.path.join(path, marker)) for marker in _VENV_MARKERS)

    def excluded(self, folder_abs: str, name: str, is_dir: bool) -> bool:
        path = os.path.join(folder_abs, name)
        return any(item.matches(path, is_dir, self.root_abs) for item in self.excludes)

    def is_python(self, entry: os.DirEntry) -> bool:
        if entry.name.endswith(PYTHON_SUFFIXES):
            return True
        if "." in entry.name:
            return False
        if entry.is_symlink() and not _inside(os.path.realpath(entry.path), self.root_real):
            return False  # not even its first line is read outside the tree
        try:  # an extensionless script: trust its shebang
            with open(entry.path, "rb") as fh:
                first = fh.readline(200)
        except OSError:
            return False
        return first.startswith(b"#!") and b"python" in first


def within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or lies below it (both already resolved or both logical; no file is touched)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _real_of(folder_real: str | None, name: str, link: bool) -> str | None:
    """A folder entry's real path from its folder's, when it is no symbolic link (else None: resolve it)."""
    return None if link or not folder_real else os.path.join(folder_real, name)


def _inside(real: str, root_real: str) -> bool:
    return not root_real or within(real, root_real)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _odd_entry_reason(path: str) -> str:
    """Why a ``*.py`` entry that is neither file nor folder was skipped."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _BROKEN_LINK
    except OSError as exc:
        return _stat_failure(exc)
    return f"not a regular file ({_file_kind(info.st_mode)})"


def _stat_failure(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


def _package_prefix(folder: str) -> str:
    """The package path of a target folder that is itself inside a package, e.g. ``shop/`` for ``repo/shop``
    holding ``__init__.py``. Why: module names come from paths relative to the target, and the code inside says
    ``from shop import db``; without the prefix, ``pillarscan scan shop`` would lose that cross-module flow."""
    parts: list[str] = []
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        parts.append(os.path.basename(folder))
        folder = parent
    return "".join(f"{part}/" for part in reversed(parts))


# ------------------------------------------------------------------------------------------------ .gitignore
def _load_ignore(path: str, base: str, diagnostics: list[Diagnostic]) -> _IgnoreFile | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        diagnostics.append(Diagnostic(path, f"cannot read ignore file: {exc.strerror or exc}", kind="warning"))
        return None
    kept: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        pattern = line.strip()
        if not pattern or pattern.startswith("#") or pattern in seen:
            continue
        seen.add(pattern)
        if wildcard_runs(pattern) > MAX_WILDCARD_RUNS:
            if pattern.startswith("!"):  # leaving out a re-include would hide files: leave out the whole file
                diagnostics.append(Diagnostic(path, f"re-include pattern {pattern[:80]!r} has more than "
                                              f"{MAX_WILDCARD_RUNS} wildcards and could take minutes to match; this "
                                              "ignore file is not applied (its files are reviewed)", kind="warning",
                                              line=number))
                return None
            diagnostics.append(Diagnostic(path, f"pattern {pattern[:80]!r} has more than {MAX_WILDCARD_RUNS} "
                                          "wildcards and could take minutes to match; ignored (the files it would "
                                          "hide are reviewed)", kind="warning", line=number))
            continue
        if len(kept) == MAX_IGNORE_PATTERNS:
            diagnostics.append(Diagnostic(path, f"more than {MAX_IGNORE_PATTERNS:,} patterns; the rest are ignored "
                                          "(the files they would hide are reviewed)", kind="warning", line=number))
            break
        kept.append(line)
    if not kept:
        return None
    return _IgnoreFile(base, pathspec.GitIgnoreSpec.from_lines(kept))


def wildcard_runs(pattern: str) -> int:
    r"""How many runs of ``*`` a gitignore pattern holds (``**`` and ``***`` count once; ``\*`` is a star)."""
    runs, previous, escaped = 0, "", False
    for char in pattern:
        if escaped:
            escaped, previous = False, ""
            continue
        if char == "\\":
            escaped = True
        elif char == "*" and previous != "*":
            runs += 1
        previous = char
    return runs


def _ancestor_ignores(root_abs: str, diagnostics: list[Diagnostic]) -> list[_IgnoreFile]:
    """Ignore files above the target, up to the enclosing repository's top (none outside a repository)."""
    chain = []
    folder = os.path.dirname(root_abs)
    while True:
        chain.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return []  # not inside a git work tree
        folder = parent
    top = chain[-1]
    ignores = []
    exclude_file = os.path.join(top, ".git", "info", "exclude")
    if os.path.isfile(exclude_file):
        loaded = _load_ignore(exclude_file, top, diagnostics)
        if loaded is not None:
            ignores.append(loaded)
    for folder in reversed(chain):
        candidate = os.path.join(folder, ".gitignore")
        if os.path.isfile(candidate):
            loaded = _load_ignore(candidate, folder, diagnostics)
            if loaded is not None:
                ignores.append(loaded)
    return ignores


def _ignored(ignores: list[_IgnoreFile], path_abs: str, is_dir: bool) -> bool:
    """Git's precedence: the deepest ignore file with a matching pattern decides (a ``!`` pattern re-includes)."""
    for ignore in reversed(ignores):
        rel = os.path.relpath(path_abs, ignore.base).replace(os.sep, "/")
        if rel.startswith("../"):
            continue
        if is_dir:
            rel += "/"
        check = getattr(ignore.spec, "check_file", None)
        if check is not None:
            decision = check(rel).include
            if decision is not None:
                return decision
        elif ignore.spec.match_file(rel):
            return True
    return False
