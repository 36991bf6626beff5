"""The incremental cache: per-file outcomes and cross-module results, reused while their inputs are unchanged.

Why content hashes and not modification times: a checkout, a rebase or ``touch`` changes times without changing
code, and a reused result must be exactly the result a fresh analysis would give. So a per-file entry is keyed by
the file's bytes, the path it is reported under, its path relative to the scan root (which names its module) and
a *fingerprint* of everything else that shapes per-file results: the pillarscan version and code, the Python
version, the active rules, the contents of extra model files, ``max_file_bytes``. The cross-module result is keyed
by the fingerprint, the taint rules and the digests of every module's flow facts, in order.

Where and how it is kept safe (the reviewed tree is untrusted: see docs/security.md): the cache lives in the
user's cache directory (``$PILLARSCAN_CACHE_HOME``, else ``platformdirs.user_cache_dir("pillarscan")``), one
folder per scanned tree under ``trees/``, keyed by the tree's resolved path — never inside the tree, so nothing a
repository commits is ever read as a cache. Entries are pickles, so each carries a message authentication code
(keyed BLAKE2b over its name and payload) made with a 32-byte key that lives in the cache home (``key``, created
with ``secrets``, mode 0600, refused if it is a link, someone else's or readable by others); the code is checked
before anything is unpickled, so a forged, truncated or foreign entry is a miss, never an object — even in a
folder the user pointed ``--cache-dir`` at inside a tree. No link is followed: the cache folders must be real
folders (else the run goes on without a cache, with a warning), entries are opened with ``O_NOFOLLOW``, and
pruning only unlinks regular files found directly in the cache's own folders.

Layout (one file per entry, so a run writes only what changed and concurrent runs never rewrite each other's
files): ``files/ab/<key>`` and ``solve/<key>``. An ``index-<fingerprint>`` maps each path to its last key and the
file's size, modification time and inode, so a re-scan reads and hashes only files whose stat changed; a file
modified in the two seconds before the scan that indexed it is not indexed (a later write within the same clock
tick would go unseen), and with any doubt the content hash decides. Entries no index refers to (old versions of
edited files) are pruned once they outnumber the live ones. Every entry is written to a temporary file and moved
into place with ``os.replace`` (atomic). The folder can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
import stat
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import __version__

CACHE_HOME_ENV = "PILLARSCAN_CACHE_HOME"
_MAGIC = b"PSCACHE2"
_MAC_BYTES = 32
_KEY_BYTES = 32
_KEEP_SOLVE_ENTRIES = 4
_RACY_NS = 2_000_000_000  # files modified this close to a scan's start are not indexed by it
_PRUNE_AGE_S = 3600  # entries younger than this may belong to a run still going on: never pruned


class ResultCache:
    """A cache folder bound to one fingerprint. Picklable, so worker processes can write their own entries."""

    refusal: str | None = None  # why the latest ``open`` gave no cache, for the run to warn about

    def __init__(self, directory: str | os.PathLike, fingerprint: str, key: bytes = b""):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.key = key
        self._index: dict[tuple[str, str], tuple[tuple[int, int, int], str]] | None = None
        self._index_changed = False
        self._started_ns = time.time_ns()
        self._latest: tuple[Path, Any] | None = None  # the latest solve state, handed on in this process
        self._unwritten: tuple[Path, Any] | None = None
        self.hold_latest = False  # keep the latest state in memory until ``flush_latest`` (two solves in a row)

    def __getstate__(self) -> dict:  # workers need the folder, fingerprint and key, not the main process's index
        return {"directory": self.directory, "fingerprint": self.fingerprint, "key": self.key}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["directory"], state["fingerprint"], state["key"])

    @classmethod
    def open(cls, directory: str | os.PathLike, fingerprint: str) -> "ResultCache | None":
        """The cache in ``directory``, created if needed; None (and ``ResultCache.refusal`` says why) when it
        cannot be used safely: a folder of it is a link or not a folder, or the key is missing or unsafe."""
        ResultCache.refusal = None
        path = Path(directory)
        try:
            key = load_key()
            _real_folder(path, create=True)
            for sub in ("files", "solve"):
                _real_folder(path / sub, create=True)
            ignore = path / ".gitignore"
            if not os.path.lexists(ignore):
                _write_atomic(ignore, b"# pillarscan's cache: safe to delete\n*\n")
                os.chmod(ignore, 0o644)
        except _Unsafe as exc:
            ResultCache.refusal = f"cache not used: {exc}"
            return None
        except OSError:
            return None
        return cls(path, fingerprint, key)

    # --- keys ------------------------------------------------------------------------------------------------
    def file_key(self, path: str, rel: str, data: bytes) -> str:
        digest = hashlib.sha256()
        for part in (self.fingerprint, path, rel):
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()[:40]

    def solve_key(self, rule_ids: Iterable[str], modules: Iterable[tuple[str, str]]) -> str:
        """Key of the cross-module result: ``modules`` is (path, per-file key) for every module, in scan order."""
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(("\0".join(rule_ids) + "\1").encode())
        for path, identity in modules:
            digest.update(f"{path}\0{identity}\1".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:40]

    # --- the stat index --------------------------------------------------------------------------------------
    def indexed_key(self, path: str, rel: str, info: os.stat_result) -> str | None:
        """The key recorded for ``path`` when the file's size, modification time and inode are unchanged."""
        known = self._load_index().get((path, rel))
        if known is not None and known[0] == _signature(info):
            return known[1]
        return None

    def remember_key(self, path: str, rel: str, info: os.stat_result, key: str) -> None:
        if info.st_mtime_ns >= self._started_ns - _RACY_NS:
            return
        index = self._load_index()
        entry = (_signature(info), key)
        if index.get((path, rel)) != entry:
            index[(path, rel)] = entry
            self._index_changed = True

    def save_index(self) -> None:
        if not self._index_changed or self._index is None:
            return
        self._write(self._index_path(), self._index)
        self._index_changed = False
        self._prune_files()
        # indexes of other configurations are dropped rather than left to grow stale
        _unlink_entries(self.directory, lambda name: name.startswith("index-") and name != self._index_path().name)

    def _prune_files(self) -> None:
        """Drop per-file entries no index entry refers to (old versions of edited files, stray temporary files)
        once they outnumber the live ones, so the folder does not grow with every edit."""
        live = {key for _, key in self._index.values()} if self._index else set()
        folders = _real_subfolders(self.directory / "files")
        if sum(len(_regular_files(folder)) for folder in folders) <= 2 * len(live) + 100:
            return
        cutoff = time.time() - _PRUNE_AGE_S
        for folder in folders:  # each folder listed once more, by the deletion itself
            _unlink_entries(folder, lambda name: name not in live, older_than=cutoff)

    def _load_index(self) -> dict:
        if self._index is None:
            loaded = self._read(self._index_path())
            self._index = loaded if isinstance(loaded, dict) else {}
        return self._index

    def _index_path(self) -> Path:
        return self.directory / f"index-{self.fingerprint[:16]}"

    # --- per-file entries ------------------------------------------------------------------------------------
    def load_file(self, key: str) -> Any | None:
        return self._read(self._file_path(key))

    def store_file(self, key: str, value: Any) -> None:
        path = self._file_path(key)
        try:
            _real_folder(path.parent, create=True)
        except (OSError, _Unsafe):
            return
        self._write(path, value)

    def _file_path(self, key: str) -> Path:
        return self.directory / "files" / key[:2] / key

    # --- cross-module results --------------------------------------------------------------------------------
    def load_solve(self, key: str) -> Any | None:
        return self._read(self.directory / "solve" / key)

    def store_solve(self, key: str, value: Any) -> None:
        folder = self.directory / "solve"
        self._write(folder / key, value)
        # only the latest few are worth keeping: each describes a whole tree
        names = _regular_files(folder)
        ages = {}
        for name in names:
            try:
                ages[name] = os.lstat(folder / name).st_mtime
            except OSError:
                pass
        old = set(sorted(ages, key=ages.get, reverse=True)[_KEEP_SOLVE_ENTRIES:])
        _unlink_entries(folder, old.__contains__)


    def load_latest(self, rule_ids: Iterable[str]) -> Any | None:
        """The state of the latest cross-module solve with these taint rules (``summaries.SolveState``),
        whatever tree it was for. One stored by this process is handed over as it is, once: a state seeds one
        solver, which takes it over."""
        path = self._latest_path(rule_ids)
        if self._latest is not None and self._latest[0] == path:
            state, self._latest = self._latest[1], None
            if self._unwritten is not None and self._unwritten[1] is state:
                self._unwritten = None  # taken over: what is on disk stays the latest complete state
            return state
        return self._read(path)

    def store_latest(self, rule_ids: Iterable[str], value: Any) -> None:
        path = self._latest_path(rule_ids)
        self._latest = (path, value)
        if self.hold_latest:
            self._unwritten = (path, value)
        else:
            self._write(path, value)

    def flush_latest(self) -> None:
        """Write the state held back while ``hold_latest`` was set (a review solves each side of a change in
        turn: only the last state is worth the time it takes to write)."""
        if self._unwritten is not None:
            self._write(*self._unwritten)
            self._unwritten = None

    def _latest_path(self, rule_ids: Iterable[str]) -> Path:
        return self.directory / f"latest-{self.solve_key(rule_ids, ())[:16]}"

    # --- what reviews learnt about git blobs ------------------------------------------------------------------
    KEEP_UNUSED_BLOB_FACTS = 5000  # entries of a blob memo that a review did not use, kept for the next ones

    def load_blob_memo(self, kind: str) -> dict:
        """A mapping a change review keeps about blobs (``kind`` "imports": blob id → what it imports; "keys":
        (path, blob id) → the key of its per-file entry). Blob ids are hashes of the contents, so an entry is
        exact for as long as this fingerprint (pillarscan's code and configuration) holds."""
        loaded = self._read(self._blob_memo_path(kind))
        return loaded if isinstance(loaded, dict) else {}

    def store_blob_memo(self, kind: str, memo: dict, used: set) -> None:
        """Keep ``memo`` for the next review. Entries this review did not use (files edited since, other
        branches) are dropped once they outnumber the used ones by more than ``KEEP_UNUSED_BLOB_FACTS``."""
        if len(memo) > 2 * len(used) + self.KEEP_UNUSED_BLOB_FACTS:
            memo = {key: value for key, value in memo.items() if key in used}
        self._write(self._blob_memo_path(kind), memo)
        # memos written under another configuration would only grow stale
        mine = self._blob_memo_path(kind).name
        _unlink_entries(self.directory, lambda name: name.startswith(f"blobs-{kind}-") and name != mine)

    def _blob_memo_path(self, kind: str) -> Path:
        return self.directory / f"blobs-{kind}-{self.fingerprint[:16]}"

    # --- authenticated entries -------------------------------------------------------------------------------
    def _read(self, path: Path) -> Any | None:
        return _read_entry(path, self.key, self._name(path))

    def _write(self, path: Path, value: Any) -> None:
        _write_entry(path, value, self.key, self._name(path))

    def _name(self, path: Path) -> bytes:
        """What an entry's code covers besides its payload: its place in the cache, so that an entry copied to
        another name (another file's key, another configuration's index) is a miss too."""
        try:
            return str(path.relative_to(self.directory)).encode("utf-8", "surrogateescape")
        except ValueError:
            return str(path).encode("utf-8", "surrogateescape")


def _signature(info: os.stat_result) -> tuple[int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def fingerprint(rule_ids: Iterable[str], extra_models: Iterable[object], max_file_bytes: int,
                honour_nosec: bool = False, flow_in_tests: bool = False) -> str:
    """Everything besides a file's own bytes and paths that can change what the per-file phase says about it
    (``honour_nosec`` decides which comments a file's suppressions hold, ``flow_in_tests`` whether a test file
    has flow facts)."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.version}\0{_code_digest()}\0{max_file_bytes}\0{honour_nosec}\0"
                  f"{flow_in_tests}\0".encode())
    digest.update(("\0".join(sorted(rule_ids)) + "\1").encode())
    for model in extra_models:
        if not isinstance(model, str):  # models written inline in the configuration: their text is the key
            digest.update(f"<inline {getattr(model, 'origin', '')}>".encode() + b"\0"
                          + hashlib.sha256(str(getattr(model, "tables", model)).encode()).digest())
            continue
        try:
            content = Path(model).read_bytes()
        except OSError as exc:  # the run reports the unreadable model; its key must differ from a readable one
            content = f"<unreadable: {exc}>".encode()
        digest.update(model.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def cache_home() -> Path:
    """The user's cache folder for pillarscan: ``$PILLARSCAN_CACHE_HOME``, else the platform's user cache
    directory. The user's, never the reviewed tree's."""
    chosen = os.environ.get(CACHE_HOME_ENV)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pillarscan", appauthor=False))


def default_directory(targets: list[str]) -> str | None:
    """The folder for the tree of the first target that is a folder, in the user's cache home, keyed by the
    tree's resolved path. Files named one by one (an editor's or a hook's call) get no default cache: they are
    quick to review."""
    root = next((t for t in targets if os.path.isdir(t)), None)
    if root is None:
        return None
    digest = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return str(cache_home() / "trees" / digest)


class _Unsafe(Exception):
    """The cache cannot be used without following a link or trusting a key someone else could read."""


def load_key() -> bytes:
    """The cache's authentication key, created on first use. Refused (``_Unsafe``) when the key file is a link,
    not a regular file, not the user's, or readable or writable by anyone else."""
    home = cache_home()
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise _Unsafe(f"cannot create the cache home {home}: {exc.strerror or exc}") from None
    path = home / "key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise _Unsafe(f"cannot create the key {path}: {exc.strerror or exc}") from None
    else:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(_KEY_BYTES))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _Unsafe(f"cannot read the key {path} ({exc.strerror or exc}; a link is never followed)") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _Unsafe(f"the key {path} is not a regular file")
    with os.fdopen(fd, "rb") as fh:
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise _Unsafe(f"the key {path} belongs to another user")
        if info.st_mode & 0o077:
            raise _Unsafe(f"the key {path} is readable or writable by others (chmod 600 it, or delete it)")
        key = fh.read(_KEY_BYTES + 1)
    if len(key) != _KEY_BYTES:
        raise _Unsafe(f"the key {path} is damaged (delete it: a new one is made)")
    return key


def _real_folder(path: Path, create: bool = False) -> None:
    """``path`` is a folder and not a link (created, owner-only, when missing and ``create``)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            raise
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise _Unsafe(f"{path} is a symbolic link (a cache folder is never followed through a link)")
    if not stat.S_ISDIR(info.st_mode):
        raise _Unsafe(f"{path} is not a folder")


def _real_subfolders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as listing:
            return [folder / e.name for e in listing if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _regular_files(folder: Path) -> list[str]:
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            return []
        with os.scandir(folder) as listing:
            return [e.name for e in listing if e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _unlink_entries(folder: Path, chosen, older_than: float | None = None) -> None:
    """Delete the regular files directly in ``folder`` whose names ``chosen`` accepts: never a folder, never
    through a link (a link itself is a regular directory entry to remove, not to follow)."""
    for name in _regular_files(folder):
        if not chosen(name):
            continue
        path = folder / name
        try:
            if older_than is not None and os.lstat(path).st_mtime >= older_than:
                continue
            os.unlink(path)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of pillarscan's own code and data, so a changed rule or model never reuses stale results."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                pass
    return digest.hexdigest()


def _mac(key: bytes, name: bytes, payload) -> bytes:
    digest = hashlib.blake2b(key=key, digest_size=_MAC_BYTES)
    digest.update(len(name).to_bytes(4, "big") + name)
    digest.update(payload)
    return digest.digest()


def _read_entry(path: Path, key: bytes, name: bytes) -> Any | None:
    """The stored value, or None when absent, a link, unreadable, truncated, forged or not unpicklable. The
    code is checked before the payload is unpickled: without the key, no entry can be made that passes."""
    if not key:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            blob = fh.read()
    except OSError:
        return None
    header = len(_MAGIC) + _MAC_BYTES
    if len(blob) < header or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[header:]
    if not secrets.compare_digest(_mac(key, name, payload), blob[len(_MAGIC):header]):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a class renamed since the entry was written, or any other decay
        return None


def _write_entry(path: Path, value: Any, key: bytes, name: bytes) -> None:
    if not key:
        return
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable value is simply not cached
        return
    _write_atomic(path, _MAGIC + _mac(key, name, payload) + payload)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: readers see the old entry or the new one, never half."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
