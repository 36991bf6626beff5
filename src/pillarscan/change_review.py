"""Reviewing a change: what a diff, a commit range or a patch introduces, at the lines it touches.

The whole of every touched Python file is analysed at the new side, together with the repository modules it
imports (transitively) and the modules that import it directly (and what those import), so cross-file flows
through the change are found as ``scan`` finds them. Then:

- a finding is **new** when its sink, or any step of its trace, lies on a line the change adds or rewrites;
- a finding in a touched file that touches no changed line is **pre-existing**: counted, shown with ``--all``;
- the touched files are analysed at the base side too (old paths for renames, deleted files included); a base
  finding is **fixed** when no new-side finding has its fingerprint and no new finding of the same rule in the
  same file took its place (an edited line that is still vulnerable is not a fix).

Contents always come from the reviewed side: commits and the index through ``git cat-file``, the working tree
from disk, a patch applied in memory. Nothing is checked out and nothing of the reviewed code is imported.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path
from difflib import SequenceMatcher
from dataclasses import dataclass, replace
from typing import Callable, Optional

from .config import FileConfig, LoadedConfig, config_from_text, load_config
from .engine import FileOutcome, ScanOptions, active_rules, analyse_sources, finish, open_cache
from .findings import Diagnostic, Finding, Location, ScanResult, TraceStep
from .inputs.diff import DiffError, FileChange, parse_diff, sides_from_patch
from .inputs.files import SourceFile, exclude_sets
from .inputs.git import (EMPTY_TREE, Git, GitError, Snapshot, commit_snapshot, empty_snapshot, index_snapshot,
                         worktree_snapshot)
from .python.gc_pause import paused_gc
from .python.imports import PYTHON_SUFFIXES, ImportLists, ModuleIndex, import_closure, importers
from .reports import ChangeScope
from .review_cache import ReviewCache

__all__ = ["ChangeError", "ChangeRequest", "ReviewedChange", "base_config", "model_paths", "review_change"]


class ChangeError(Exception):
    """The change cannot be reviewed as asked (not a repository, unknown revision, a patch that does not
    apply); the message is one sentence for the user."""


@dataclass(frozen=True)
class ChangeRequest:
    """Which change to review: the working tree (default), ``staged``, a ``revisions`` range, or a ``patch``."""

    revisions: str | None = None  # "BASE..HEAD", "BASE...HEAD", or one revision (that revision against HEAD)
    staged: bool = False
    patch: str | None = None  # a file name, or "-" for standard input
    show_all: bool = False
    cwd: str = "."
    model_files: tuple[str, ...] = ()  # repository paths of the model files the configuration names


@dataclass
class ReviewedChange:
    result: ScanResult
    scope: ChangeScope
    root: str  # the repository (or folder) the paths are relative to
    # what the review spent: files whose import statements were parsed, and files whose imports were known by
    # blob id (from the cache, or from the other side); ``git cat-file`` processes started to read blobs; per-file
    # cache entries read from disk, and modules whose flow facts were decoded (each once for both sides)
    imports_parsed: int = 0
    imports_reused: int = 0
    blob_batches: int = 0
    entries_read: int = 0
    facts_decoded: int = 0
    # for the LLM layer: the new side's files as the review read them, and its route inventory (web/routes.py);
    # kept out of ``result`` so that reports are what they were without the layer
    read: Optional[Callable[[str], Optional[bytes]]] = None
    routes: object | None = None


@dataclass
class _Sides:
    """The change resolved to two readable sides and the list of touched files."""

    description: str
    base: Snapshot
    head: Snapshot
    changes: list[FileChange]
    root: str
    base_id: str | None = None
    head_id: str | None = None
    git: Git | None = None  # the repository both sides read from (None for a patch)


def review_change(request: ChangeRequest, options: ScanOptions, patch_text: str | None = None) -> ReviewedChange:
    started = time.perf_counter()
    try:
        sides = _resolve(request, patch_text)
    except (GitError, DiffError) as exc:
        raise ChangeError(str(exc)) from None
    diagnostics: list[Diagnostic] = _config_edits(sides, request.model_files)
    reviewed: list[FileChange] = []
    for change in sides.changes:
        reason = _not_reviewed(change, sides, options)
        if reason:
            diagnostics.append(Diagnostic(change.path, reason))
        else:
            reviewed.append(change)

    head_paths = [c.new_path for c in reviewed if c.new_path]
    base_paths = [c.old_path for c in reviewed if c.old_path]
    renamed_back = {c.old_path: c.new_path for c in reviewed if c.old_path and c.new_path}
    # the repository's cache folder (in the user's cache home), with what earlier reviews learnt about blobs
    cache = ReviewCache.of(open_cache([str(sides.root)], options, active_rules(options), diagnostics))
    if cache is not None:
        cache.hold_latest = True  # the base side's solve state seeds the head side's in memory
    known = cache.memo("imports") if cache is not None else {}  # blob id → what it imports, for both sides
    base_imports = ImportLists(sides.base.read, sides.base.content_id, known)
    head_imports = ImportLists(sides.head.read, sides.head.content_id, known)
    indexes: dict[frozenset[str], ModuleIndex] = {}  # the two sides usually hold the same paths: index them once
    # the collector stays off, as in the engine's phases: the facts decoded for the base side stay alive for the
    # head side, and full passes over them while the head side loads its context cost more than they free
    with paused_gc():
        base = _analyse(sides.base, base_paths, options, cache, base_imports, indexes, root=sides.root) \
            if base_paths else ScanResult()
        # base findings whose sink or flow lies in a touched file; their sinks' files are analysed on the new side
        # too (even when the change does not import them), so "fixed" is decided by looking, not assumed
        before = [f for f in base.findings if _in_files(f, set(base_paths))]
        sinks_after = {renamed_back.get(f.location.path, f.location.path) for f in before}
        extra = sorted(p for p in sinks_after - set(head_paths) if p in sides.head.paths)
        head = _analyse(sides.head, head_paths, options, cache, head_imports, indexes, extra, root=sides.root)
        if cache is not None:
            cache.let_go()
    if cache is not None:
        cache.note_imports(base_imports.used | head_imports.used, bool(base_imports.parsed or head_imports.parsed))
        cache.save_memos()
        cache.flush_latest()

    changed = {c.new_path: c.added_lines for c in reviewed if c.new_path}
    touched = set(head_paths)
    new = [f for f in head.findings if _touches(f, changed)]
    new_set = set(new)
    preexisting = [f for f in head.findings if f not in new_set and f.location.path in touched]
    fixed = _fixed(before, head.findings, new, renamed_back)

    result = ScanResult(
        findings=sorted(new + (preexisting if request.show_all else []), key=Finding.sort_key),
        files_scanned=head.files_scanned,
        lines_scanned=head.lines_scanned,
        diagnostics=diagnostics + head.diagnostics + _base_warnings(base, set(base_paths)),
        checks_by_pillar=head.checks_by_pillar or base.checks_by_pillar,
        targets=[sides.description],
        files_analysed=base.files_analysed + head.files_analysed,
        files_from_cache=base.files_from_cache + head.files_from_cache,
    )
    scope = ChangeScope(
        description=sides.description,
        base=sides.base_id,
        head=sides.head_id,
        files=head_paths,
        deleted=[c.old_path for c in reviewed if c.new_path is None and c.old_path],
        renamed={c.new_path: c.old_path for c in reviewed if c.status == "renamed" and c.new_path and c.old_path},
        changed_lines={c.new_path: c.added_lines for c in reviewed if c.new_path},
        diff_lines={c.new_path: c.diff_lines for c in reviewed if c.new_path},
        context_files=[p for p in head.files_scanned if p not in touched],
        preexisting=preexisting,
        fixed=fixed,
        show_all=request.show_all,
    )
    result.duration_s = time.perf_counter() - started
    return ReviewedChange(result, scope, sides.root, imports_parsed=base_imports.parsed + head_imports.parsed,
                          imports_reused=base_imports.reused + head_imports.reused,
                          blob_batches=sides.git.blob_batches if sides.git else 0,
                          entries_read=cache.entries_read if cache else 0,
                          facts_decoded=cache.facts_decoded if cache else 0,
                          read=_reader(sides.head), routes=head.routes)


def _reader(side: Snapshot) -> Callable[[str], Optional[bytes]]:
    """One file of ``side`` by its repository path; None when it cannot be read (the caller goes without)."""
    def read(path: str) -> bytes | None:
        try:
            return side.read([path]).get(path)
        except (GitError, OSError):
            return None
    return read


# --- the two sides --------------------------------------------------------------------------------------------

def _resolve(request: ChangeRequest, patch_text: str | None) -> _Sides:
    if request.patch is not None:
        return _patch_sides(request, patch_text or "")
    git = Git.discover(request.cwd)
    if request.revisions:
        return _range_sides(git, request.revisions)
    base_id = git.commit("HEAD") if git.has_head() else None
    base = commit_snapshot(git, base_id) if base_id else empty_snapshot("the empty tree")
    against = base_id or EMPTY_TREE
    if request.staged:
        changes = git.changes("--cached", against)
        return _Sides("staged changes", base, index_snapshot(git), changes, git.root, base_id, git=git)
    # The working tree: tracked files as they are on disk (staged or not) plus untracked, not ignored files,
    # because a new module the author has not yet `git add`-ed is part of the change being written.
    changes = git.changes(against)
    untracked = git.untracked_paths()
    changes += [FileChange(None, path, added_lines=frozenset(), diff_lines=frozenset()) for path in untracked]
    tracked_now = (set(git.index_paths()) | set(untracked)) - {c.old_path for c in changes if c.new_path is None}
    head = worktree_snapshot(git.root, tracked_now)
    changes = [_whole_file_if_new(c, head) for c in changes]
    return _Sides("the working tree", base, head, changes, git.root, base_id, git=git)


def _range_ids(git: Git, text: str) -> tuple[str, str]:
    """(base commit, head commit) of ``BASE...HEAD`` (the merge base), ``BASE..HEAD`` or ``REV`` (REV..HEAD)."""
    if "..." in text:
        left, right = text.split("...", 1)
        left_id, right_id = git.commit(left or "HEAD"), git.commit(right or "HEAD")
        return git.merge_base(left_id, right_id), right_id
    if ".." in text:
        left, right = text.split("..", 1)
        return git.commit(left or "HEAD"), git.commit(right or "HEAD")
    return git.commit(text), git.commit("HEAD")


def _range_sides(git: Git, text: str) -> _Sides:
    base_id, right_id = _range_ids(git, text)
    changes = git.changes(base_id, right_id)
    return _Sides(text, commit_snapshot(git, base_id), commit_snapshot(git, right_id), changes, git.root, base_id,
                  right_id, git)


def _patch_sides(request: ChangeRequest, patch_text: str) -> _Sides:
    """A patch names repository-relative paths; they are read from the working tree of the repository around
    the current folder (or the current folder when it is in none) and the patch is applied in memory."""
    try:
        root = Git.discover(request.cwd).root
    except GitError:
        root = os.path.abspath(request.cwd)
    changes = parse_diff(patch_text)
    if not changes:
        raise DiffError(f"{_patch_name(request.patch)} holds no diff (expected a unified diff, e.g. from git "
                        "format-patch or Gerrit's 'download patch')")
    disk = worktree_snapshot(root, ())
    before: dict[str, bytes] = {}
    after: dict[str, bytes] = {}
    for change in changes:
        if change.binary:
            continue
        where = change.new_path or change.old_path or ""
        current = disk.read([where]).get(where)
        if current is None and change.new_path and change.old_path and change.old_path != change.new_path:
            current = disk.read([change.old_path]).get(change.old_path)
        old, new = sides_from_patch(change, current)
        if change.old_path and old is not None:
            before[change.old_path] = old
        if change.new_path and new is not None:
            after[change.new_path] = new
    everything = _all_files(root)
    base = Snapshot("before the patch", frozenset(everything | set(before)), disk.read_many, before)
    head = Snapshot("after the patch", frozenset((everything - {c.old_path for c in changes if not c.new_path})
                                                 | set(after)), disk.read_many, after)
    return _Sides(f"patch {_patch_name(request.patch)}", base, head, changes, root)


def _patch_name(name: str | None) -> str:
    return "<stdin>" if name in (None, "-") else str(name)


def _all_files(root: str) -> set[str]:
    """Files of the working tree that imports may resolve to: git's list when it is a repository."""
    try:
        git = Git(root)
        return set(git.index_paths()) | set(git.untracked_paths())
    except GitError:
        found = set()
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("node_modules", "venv", "__pycache__")]
            rel = os.path.relpath(folder, root)
            found.update(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/") for name in files)
        return found


def _whole_file_if_new(change: FileChange, head: Snapshot) -> FileChange:
    """An untracked file has no diff: every one of its lines is new."""
    if change.old_path is not None or change.added_lines or change.new_path is None:
        return change
    data = head.read([change.new_path]).get(change.new_path)
    if data is None or b"\0" in data[:8000]:
        return replace(change, binary=data is not None)
    lines = frozenset(range(1, data.count(b"\n") + (0 if data.endswith(b"\n") else 1) + 1))
    return replace(change, added_lines=lines, diff_lines=lines)


def _not_reviewed(change: FileChange, sides: _Sides, options: ScanOptions) -> str | None:
    """Why a touched file is left out, or None when it is reviewed; every reason is shown to the user."""
    if change.binary:
        return "binary file: not reviewed"
    if not _is_python(change, sides):
        return "not a Python file: not reviewed"
    if _excluded(sides.root, change.path, options.excludes):
        return "excluded by the configuration (exclude): not reviewed"
    return None


def _is_python(change: FileChange, sides: _Sides) -> bool:
    if change.path.endswith(PYTHON_SUFFIXES):
        return True
    name = change.path.rsplit("/", 1)[-1]
    if "." in name:
        return False
    side, path = (sides.head, change.new_path) if change.new_path else (sides.base, change.old_path)
    first = side.read([path]).get(path, b"")[:200].split(b"\n", 1)[0] if path else b""
    return first.startswith(b"#!") and b"python" in first


def _excluded(root: str, path: str, excludes) -> bool:
    """Whether the configuration or the command line excludes this repository path (as ``scan`` would)."""
    full = os.path.join(os.path.abspath(root), path)
    return any(item.matches(full, False, os.path.abspath(root)) for item in exclude_sets(excludes))


# --- analysis -------------------------------------------------------------------------------------------------

def _analyse(side: Snapshot, paths: list[str], options: ScanOptions, cache: ReviewCache | None,
             imports: ImportLists, indexes: dict[frozenset[str], ModuleIndex], extra: list[str] = (),
             root: str = ".") -> ScanResult:
    """The engine's per-file phase on blobs of one side, then the same cross-module phase as ``scan``."""
    everything = side.paths | set(paths)
    index = indexes.get(everything)
    if index is None:
        index = indexes[everything] = ModuleIndex(everything)
    callers = importers(set(paths), index, imports)
    files = [p for p in import_closure([*paths, *extra, *callers], index, imports)
             if p in paths or not _excluded(root, p, options.excludes)]
    # blobs analysed before under the same path are found by id, neither read nor hashed
    reused = cache.outcomes_by_blob(files, side.content_id) if cache is not None else {}
    contents = side.read([p for p in files if p not in reused])
    outcomes: list = []
    sources: list[SourceFile] = []
    for path in files:
        if path in reused:
            continue
        data = contents.get(path)
        if data is None:
            outcomes.append(FileOutcome(path, diagnostics=[Diagnostic(path, f"cannot read it from {side.label}")]))
            continue
        sources.append(SourceFile(path, path, content=data))
    result = ScanResult(targets=list(paths))
    # the same per-file phase as scan: workers, budgets, and the cache keyed by content (a blob seen before, on
    # either side of this or an earlier review, is not analysed again)
    packed = analyse_sources(sources, options, cache, result)
    if cache is not None:  # the key each blob's entry went under, for the next review to find it by id
        for source, item in zip(sources, packed):
            oid = side.content_id(source.path)
            if oid and item.identity:
                cache.remember_blob(source.path, oid, item.identity)
    analysed = iter(packed)
    result.files_from_cache += len(reused)
    outcomes += [reused[p] if p in reused else next(analysed) for p in files if p in reused or p in contents]
    return finish(outcomes, options, result, cache, root_relative=lambda path: path)  # paths are repository-relative


def _in_files(finding: Finding, paths: set[str]) -> bool:
    return finding.location.path in paths or any(step.location.path in paths for step in finding.trace)


def _touches(finding: Finding, changed: dict[str, frozenset[int]]) -> bool:
    """The sink (any line of its span) or a trace step lies on a line the change added or rewrote."""
    loc = finding.location
    lines = changed.get(loc.path, frozenset())
    if any(line in lines for line in range(loc.line, max(loc.end_line or loc.line, loc.line) + 1)):
        return True
    return any(step.location.line in changed.get(step.location.path, frozenset()) for step in finding.trace)


def _fixed(base_findings: list[Finding], head_findings: list[Finding], new: list[Finding],
           renamed: dict[str, str]) -> list[Finding]:
    """Base findings that the change removed (see the module docstring). A base finding whose fingerprint is
    gone is still not *fixed* when a new finding of the same rule in the same file has a similar sink line: that
    is the same defect on an edited line (a renamed variable, a reformatted call)."""
    remaining = Counter(f.fingerprint for f in head_findings)
    base_prints = {_moved(f, renamed).fingerprint for f in base_findings}
    candidates = [f for f in new if f.fingerprint not in base_prints]
    fixed = []
    for finding in base_findings:
        moved = _moved(finding, renamed)
        if remaining[moved.fingerprint] > 0:
            remaining[moved.fingerprint] -= 1
            continue
        same_place = [(SequenceMatcher(None, _norm(moved.snippet), _norm(f.snippet)).ratio(), i)
                      for i, f in enumerate(candidates)
                      if f.rule_id == moved.rule_id and f.location.path == moved.location.path]
        best = max(same_place, default=(0.0, -1))
        if best[0] >= SIMILAR_SINK:
            candidates.pop(best[1])
        else:
            fixed.append(finding)
    return fixed


SIMILAR_SINK = 0.75  # difflib ratio above which an edited sink line is "the same defect", not a fix plus a new one


def _norm(code: str) -> str:
    return " ".join(code.split())


def _moved(finding: Finding, renamed: dict[str, str]) -> Finding:
    """The finding as if its file already had its new name (fingerprints include the path)."""
    if not any(p in renamed for p in (finding.location.path, *(s.location.path for s in finding.trace))):
        return finding

    def at(location: Location) -> Location:
        return replace(location, path=renamed.get(location.path, location.path))

    trace = tuple(TraceStep(at(s.location), s.code, s.note) for s in finding.trace)
    root_path = renamed.get(finding.location.path, finding.location.path)
    return replace(finding, location=at(finding.location), trace=trace, root_path=root_path)


def _base_warnings(base: ScanResult, touched: set[str]) -> list[Diagnostic]:
    """A touched file whose base version could not be analysed hides what the change fixed: say so."""
    return [Diagnostic(d.path, f"base version not analysed ({d.reason}); findings it fixes are not known",
                       kind="warning") for d in base.skipped if d.path in touched]


def read_patch(name: str) -> str:
    """The text of a patch file, or of standard input for "-"."""
    if name == "-":
        return sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    try:
        with open(name, "rb") as fh:
            return fh.read().decode("utf-8", "surrogateescape")
    except OSError as exc:
        raise ChangeError(f"cannot read patch {name}: {exc.strerror or exc}") from None


# --- the configuration a review trusts -------------------------------------------------------------------------

def base_config(request: ChangeRequest) -> LoadedConfig:
    """``[tool.pillarscan]`` as the *base* side of the change has it, so that a change cannot weaken its own
    review (disable a pillar, raise a threshold, exclude its files, add a sanitizer model). A commit range reads
    it at its base commit, the working tree and ``--staged`` at HEAD (the defaults before the first commit); a
    patch applies to the working tree, whose files are its base. The pyproject.toml nearest to the current
    folder with a ``[tool.pillarscan]`` table wins, as on disk."""
    if request.patch is not None:
        return load_config(None, [request.cwd])
    try:
        git = Git.discover(request.cwd)
        base_id = _base_commit(git, request)
    except GitError as exc:
        raise ChangeError(str(exc)) from None
    if base_id is None:
        return LoadedConfig(None, FileConfig())
    root = Path(git.root)
    here = os.path.relpath(os.path.realpath(request.cwd), os.path.realpath(git.root)).replace(os.sep, "/")
    folders = [] if here.startswith("..") else _parents(here)

    def read(rel: str) -> bytes | None:
        return git.blobs([f"{base_id}:{rel}"]).get(f"{base_id}:{rel}")

    for folder in folders:
        rel = f"{folder}/pyproject.toml" if folder else "pyproject.toml"
        text = read(rel)
        if text is None:
            continue
        loaded = config_from_text(text, root / rel, f"{base_id[:12]}:{rel}", root, read)
        if loaded is not None:
            return loaded
    return LoadedConfig(None, FileConfig())


def _config_edits(sides: _Sides, model_files: tuple[str, ...]) -> list[Diagnostic]:
    """A change that edits pillarscan's configuration (a pyproject.toml with a ``[tool.pillarscan]`` table on
    either side, or a model file the configuration names) is listed: the review did not apply the edit, and
    what it would do to future reviews (a pillar disabled, a file excluded, a sanitizer added) deserves a look."""
    out = []
    for change in sides.changes:
        for path in sorted({change.old_path, change.new_path} - {None}):
            if path not in model_files and not (os.path.basename(path) == "pyproject.toml" and any(
                    b"pillarscan" in side.read([path]).get(path, b"") for side in (sides.base, sides.head))):
                continue
            out.append(Diagnostic(path, "this change edits pillarscan's configuration: the review used the settings "
                                  "from before the change, not the edited ones; check what the edit does to "
                                  "later reviews", kind="warning"))
            break
    return out


def model_paths(config: LoadedConfig) -> tuple[str, ...]:
    """Repository-relative paths of the model files ``config`` names (edits to them are listed by the review)."""
    if config.repository is None:
        return ()
    root = os.path.realpath(config.repository)
    return tuple(os.path.relpath(os.path.realpath(config.resolve(name)), root).replace(os.sep, "/")
                 for name in config.values.models)


def _parents(rel: str) -> list[str]:
    """``a/b`` → ``["a/b", "a", ""]``: the folders from ``rel`` up to the repository root."""
    parts = [] if rel in ("", ".") else rel.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]


def _base_commit(git: Git, request: ChangeRequest) -> str | None:
    """The commit whose configuration governs the review (None: before the first commit)."""
    if not request.revisions:
        return git.commit("HEAD") if git.has_head() else None
    return _range_ids(git, request.revisions)[0]
