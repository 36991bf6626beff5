"""Reading a git repository through the ``git`` binary: revisions, diffs and file contents at a revision.

Why the binary and not a library: it is what every CI image and developer machine already has, it honours the
repository's own configuration (worktrees, alternates, partial clones), and its plumbing output is stable.
Every call passes explicit options for what user configuration could change (prefixes, colour, external diff
drivers, path quoting), so the output we parse is the same on every machine.

Contents are read at the reviewed revision (``git cat-file --batch``), never from the working tree, unless the
working tree is what is being reviewed.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Mapping

from .diff import DiffError, FileChange, parse_diff
from .files import within

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # the id of git's empty tree: "before the first commit"

# Options that make `git diff` output independent of the user's configuration.
DIFF_OPTIONS = ("--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", "--src-prefix=a/",
                "--dst-prefix=b/")


class GitError(Exception):
    """Git could not do what the review needs; the message is one plain sentence for the user."""


@dataclass
class Git:
    """A repository found from ``cwd``; ``root`` is its top-level folder (review paths are relative to it)."""

    root: str
    # blob id → contents: ids are hashes of the contents, so a blob read once (on either side) is never read again
    _blobs: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    blob_batches: int = field(default=0, compare=False)  # ``git cat-file --batch`` processes started

    @classmethod
    def discover(cls, cwd: str = ".") -> "Git":
        try:
            out = _run(["git", "rev-parse", "--show-toplevel"], cwd=cwd)
        except GitError as exc:
            if "not a git repository" in str(exc).lower():
                raise GitError(f"not a git repository: {os.path.abspath(cwd)} (run pillarscan review inside "
                               "one, or review a patch file with --patch)") from None
            raise
        root = out.decode("utf-8", "surrogateescape").strip()
        if not root:
            raise GitError(f"{os.path.abspath(cwd)} is inside a bare repository or .git folder; run pillarscan "
                           "review in a working tree")
        return cls(root)

    def run(self, *args: str, data: bytes | None = None) -> bytes:
        return _run(["git", "-c", "core.quotepath=false", *args], cwd=self.root, data=data)

    def text(self, *args: str) -> str:
        return self.run(*args).decode("utf-8", "surrogateescape")

    def commit(self, rev: str) -> str:
        """The full commit id ``rev`` names, or a GitError naming the revision."""
        if rev.startswith("-"):
            raise GitError(f"unknown revision {rev!r}")
        try:
            return self.text("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
        except GitError:
            raise GitError(f"unknown revision {rev!r} (not a commit in {self.root})") from None

    def has_head(self) -> bool:
        try:
            self.commit("HEAD")
        except GitError:
            return False
        return True

    def merge_base(self, a: str, b: str) -> str:
        try:
            return self.text("merge-base", a, b).strip()
        except GitError:
            raise GitError(f"{a} and {b} have no common ancestor (no merge base for {a}...{b})") from None

    def diff(self, *args: str) -> str:
        return self.text("diff", *DIFF_OPTIONS, *args)

    def changes(self, *args: str) -> list[FileChange]:
        """The files a ``git diff ARGS`` touches, with their hunks. Names come from the NUL-separated ``--raw -z``
        listing, never from the patch text, where git C-quotes names holding quotes, backslashes, tabs, newlines
        or other control characters (a name that is not UTF-8 is kept byte for byte as surrogates), and where a
        name such as ``x b/y.py`` cannot be told from the header around it: every such file is reviewed under
        its real name. The patch lists files in the listing's order, one ``diff --git`` section each; each
        section's hunks are read with its header names replaced, so no name can confuse the parser. Should the
        two ever disagree, each file's patch is read on its own."""
        listed = self.raw_changes(*args)
        sections = _sections(self.diff(*args))
        if len(sections) != len(listed):
            sections = []
            for old, new in listed:
                paths = [f":(literal){p}" for p in dict.fromkeys(x for x in (old, new) if x)]
                found = _sections(self.diff(*args, "--", *paths))
                sections.append(found[0] if found else "")
        out = []
        for (old, new), section in zip(listed, sections):
            parsed = _parse_section(section)
            out.append(replace(parsed, old_path=old, new_path=new) if parsed else FileChange(old, new))
        return out

    def raw_changes(self, *args: str) -> list[tuple[str | None, str | None]]:
        """(old path, new path) of each file ``git diff ARGS`` touches, in its order (None: added / deleted)."""
        fields = self.run("diff", "--raw", "-z", "--no-color", "--no-ext-diff", "--find-renames", *args) \
            .split(b"\0")
        out: list[tuple[str | None, str | None]] = []
        i = 0
        while i < len(fields) and fields[i].startswith(b":"):
            status = fields[i].split(b" ")[-1][:1]
            first = fields[i + 1].decode("utf-8", "surrogateescape")
            if status in (b"R", b"C"):
                second = fields[i + 2].decode("utf-8", "surrogateescape")
                out.append((first if status == b"R" else None, second))
                i += 3
                continue
            out.append((None, first) if status == b"A" else (first, None) if status == b"D" else (first, first))
            i += 2
        return out

    def tree_paths(self, rev: str) -> list[str]:
        """Every file path in the tree of ``rev``."""
        return _split_z(self.run("ls-tree", "-r", "-z", "--name-only", "--full-tree", rev))

    def tree_entries(self, rev: str) -> dict[str, str | None]:
        """Every file path in the tree of ``rev`` → its blob id (None for a submodule, which has no contents)."""
        entries: dict[str, str | None] = {}
        for record in self.run("ls-tree", "-r", "-z", "--full-tree", rev).split(b"\0"):
            meta, tab, path = record.partition(b"\t")
            if not tab:
                continue
            mode, kind, oid = meta.split(b" ")
            # a submodule has no contents; a symbolic link's blob is where it points, not code to review
            blob = kind == b"blob" and mode != b"120000"
            entries[path.decode("utf-8", "surrogateescape")] = oid.decode("ascii") if blob else None
        return entries

    def index_paths(self) -> list[str]:
        return _split_z(self.run("ls-files", "-z", "--cached", "--full-name"))

    def index_entries(self) -> dict[str, str | None]:
        """Every path in the index → the blob id staged for it (None for a submodule, or a path with a merge
        conflict: ``:path`` names stage 0, which a conflicted path does not have)."""
        entries: dict[str, str | None] = {}
        for record in self.run("ls-files", "-z", "--cached", "--full-name", "--stage").split(b"\0"):
            meta, tab, path = record.partition(b"\t")
            if not tab:
                continue
            mode, oid, stage = meta.split(b" ")
            name = path.decode("utf-8", "surrogateescape")
            if stage == b"0" and mode not in (b"160000", b"120000"):
                entries[name] = oid.decode("ascii")
            else:
                entries.setdefault(name, None)
        return entries

    def untracked_paths(self) -> list[str]:
        """Files git does not track and does not ignore (what ``git status`` lists as untracked)."""
        return _split_z(self.run("ls-files", "-z", "--others", "--exclude-standard", "--full-name"))

    def blobs(self, specs: Iterable[str]) -> dict[str, bytes]:
        """Contents of ``REV:path`` (or ``:path`` for the index) for each spec; specs that name nothing are left
        out. One ``git cat-file --batch`` process reads them all."""
        specs = [s for s in dict.fromkeys(specs) if "\n" not in s]
        if not specs:
            return {}
        out = self.run("cat-file", "--batch", data=("\n".join(specs) + "\n").encode("utf-8", "surrogateescape"))
        contents: dict[str, bytes] = {}
        pos = 0
        for spec in specs:
            end = out.index(b"\n", pos)
            header = out[pos:end].split(b" ")
            pos = end + 1
            if len(header) != 3 or header[1] != b"blob":  # "<spec> missing", or a tree / submodule commit
                continue
            size = int(header[2])
            contents[spec] = out[pos:pos + size]
            pos += size + 1  # the content is followed by a newline
        return contents

    def blobs_by_id(self, ids: Iterable[str]) -> dict[str, bytes]:
        """Contents of the blobs with these ids. Those not read before in this review are read by one ``git
        cat-file --batch`` process; the rest come from memory (the two sides of a change share most blobs)."""
        wanted = list(dict.fromkeys(ids))
        missing = [oid for oid in wanted if oid not in self._blobs]
        if missing:
            self.blob_batches += 1
            self._blobs.update(self.blobs(missing))
        return {oid: self._blobs[oid] for oid in wanted if oid in self._blobs}


@dataclass
class Snapshot:
    """One side of a change: the files that exist there and how to read them (from a commit, the index, the
    working tree, or any of those with some files replaced, as a patch does)."""

    label: str
    paths: frozenset[str]
    read_many: Callable[[list[str]], dict[str, bytes]]
    overrides: dict[str, bytes] = field(default_factory=dict)
    ids: Mapping[str, str | None] = field(default_factory=dict)  # path → git blob id, where git knows it

    def content_id(self, path: str) -> str | None:
        """The git blob id of ``path``'s contents on this side, when known without reading them."""
        return None if path in self.overrides else self.ids.get(path)

    def read(self, paths: Iterable[str]) -> dict[str, bytes]:
        paths = list(paths)
        missing = [p for p in paths if p not in self.overrides]
        contents = self.read_many(missing) if missing else {}
        contents.update({p: self.overrides[p] for p in paths if p in self.overrides})
        return contents


def commit_snapshot(git: Git, rev: str) -> Snapshot:
    if rev == EMPTY_TREE:
        return empty_snapshot("the empty tree")

    entries = git.tree_entries(rev)
    return Snapshot(rev, frozenset(entries), _reader_by_id(git, entries), ids=entries)


def index_snapshot(git: Git) -> Snapshot:
    entries = git.index_entries()
    return Snapshot("the index", frozenset(entries), _reader_by_id(git, entries), ids=entries)


def _reader_by_id(git: Git, ids: Mapping[str, str | None]) -> Callable[[list[str]], dict[str, bytes]]:
    """Reads paths through their blob ids: one process per call, and a blob already read costs nothing."""
    def read(paths: list[str]) -> dict[str, bytes]:
        found = git.blobs_by_id(oid for p in paths if (oid := ids.get(p)))
        return {p: found[oid] for p in paths if (oid := ids.get(p)) and oid in found}

    return read


def worktree_snapshot(root: str, paths: Iterable[str]) -> Snapshot:
    """The working tree as one side of a change. A file that is a symbolic link leading out of the repository is
    not read (the review says it could not read it): the tree under review chooses where its links point."""
    root_real = os.path.realpath(root)

    def read(wanted: list[str]) -> dict[str, bytes]:
        contents = {}
        for path in wanted:
            full = os.path.join(root, path)
            real = os.path.realpath(full)
            if not within(real, root_real):
                continue
            try:
                if os.path.isfile(full):
                    with open(full, "rb") as fh:
                        contents[path] = fh.read()
            except OSError:
                continue
        return contents

    return Snapshot("the working tree", frozenset(paths), read)


def empty_snapshot(label: str = "nothing") -> Snapshot:
    return Snapshot(label, frozenset(), lambda paths: {})


def _sections(text: str) -> list[str]:
    """A ``git diff`` patch cut into its per-file sections (each starts with ``diff --git``)."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("diff --git ") or not out:
            out.append(line)
        else:
            out[-1] += line
    return [section for section in out if section.startswith("diff --git ")]


_HEADER_NAMES = ("rename from ", "rename to ", "copy from ", "copy to ")


def _parse_section(section: str) -> FileChange | None:
    """One file's hunks, read with every name in its header replaced by a placeholder (the caller knows the
    real names): a quoted, spaced or ``b/``-holding name cannot make the parser fail or misread the file."""
    if not section:
        return None
    lines = []
    source = section.splitlines(keepends=True)
    for index, line in enumerate(source):
        if line.startswith("@@"):  # the header is over: hunks are kept as they are
            lines.extend(source[index:])
            break
        if line.startswith("diff --git "):
            line = "diff --git a/f b/f\n"
        elif line.startswith("--- ") and not line.startswith("--- /dev/null"):
            line = "--- a/f\n"
        elif line.startswith("+++ ") and not line.startswith("+++ /dev/null"):
            line = "+++ b/f\n"
        elif line.startswith(_HEADER_NAMES):
            continue
        elif line.startswith("Binary files "):
            line = "Binary files a/f and b/f differ\n"
        lines.append(line)
    try:
        parsed = parse_diff("".join(lines))
    except DiffError:
        return None
    return parsed[0] if parsed else None


def _split_z(data: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]


def _run(argv: list[str], cwd: str, data: bytes | None = None) -> bytes:
    env = dict(os.environ, GIT_PAGER="cat", LC_ALL="C", GIT_TERMINAL_PROMPT="0")
    try:
        proc = subprocess.run(argv, cwd=cwd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                              check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH (pillarscan review needs the git binary)") from None
    except NotADirectoryError:
        raise GitError(f"not a folder: {cwd}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        first = next((line for line in message if line.strip()), f"git exited with status {proc.returncode}")
        raise GitError(first.removeprefix("fatal: ").removeprefix("error: "))
    return proc.stdout
