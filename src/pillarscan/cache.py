"""The incremental cache: per-file outcomes and cross-module results, reused while their inputs are unchanged.

Why content hashes and not modification times: a checkout, a rebase or ``touch`` changes times without changing
code, and a reused result must be exactly the result a fresh analysis would give. So a per-file entry is keyed by
the file's bytes, the path it is reported under, its path relative to the scan root (which names its module) and
a *fingerprint* of everything else that shapes per-file results: the pillarscan version and code, the Python
version, the active rules, the contents of extra model files, ``max_file_bytes``. The cross-module result is keyed
by the fingerprint, the taint rules and the digests of every module's flow facts, in order.

Layout (one file per entry, so a run writes only what changed and concurrent runs never rewrite each other's
files): ``files/ab/<key>`` and ``solve/<key>``. An ``index-<fingerprint>`` maps each path to its last key and the
file's size, modification time and inode, so a re-scan reads and hashes only files whose stat changed; a file
modified in the two seconds before the scan that indexed it is not indexed (a later write within the same clock
tick would go unseen), and with any doubt the content hash decides. Entries no index refers to (old versions of
edited files) are pruned once they outnumber the live ones. Every entry is written to a temporary file and moved into place
with ``os.replace`` (atomic), and carries a checksum of its payload: a torn, truncated or foreign file is a miss
and gets rebuilt, never an error. The folder holds a ``.gitignore`` with ``*`` and can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import __version__

CACHE_DIRNAME = ".pillarscan_cache"
_MAGIC = b"PSCACHE1"
_CHECKSUM_BYTES = 16
_KEEP_SOLVE_ENTRIES = 4
_RACY_NS = 2_000_000_000  # files modified this close to a scan's start are not indexed by it
_PRUNE_AGE_S = 3600  # entries younger than this may belong to a run still going on: never pruned


class ResultCache:
    """A cache folder bound to one fingerprint. Picklable, so worker processes can write their own entries."""

    def __init__(self, directory: str | os.PathLike, fingerprint: str):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self._index: dict[tuple[str, str], tuple[tuple[int, int, int], str]] | None = None
        self._index_changed = False
        self._started_ns = time.time_ns()
        self._latest: tuple[Path, Any] | None = None  # the latest solve state, handed on in this process
        self._unwritten: tuple[Path, Any] | None = None
        self.hold_latest = False  # keep the latest state in memory until ``flush_latest`` (two solves in a row)

    def __getstate__(self) -> dict:  # workers need the folder and fingerprint, not the main process's index
        return {"directory": self.directory, "fingerprint": self.fingerprint}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["directory"], state["fingerprint"])

    @classmethod
    def open(cls, directory: str | os.PathLike, fingerprint: str) -> "ResultCache | None":
        """The cache in ``directory``, created if needed; None when it cannot be created (read-only tree …)."""
        path = Path(directory)
        try:
            (path / "files").mkdir(parents=True, exist_ok=True)
            (path / "solve").mkdir(exist_ok=True)
            ignore = path / ".gitignore"
            if not ignore.exists():
                _write_atomic(ignore, b"# pillarscan's cache: safe to delete\n*\n")
                os.chmod(ignore, 0o644)
        except OSError:
            return None
        return cls(path, fingerprint)

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
        _write_entry(self._index_path(), self._index)
        self._index_changed = False
        self._prune_files()
        try:  # indexes of other configurations are dropped rather than left to grow stale
            for other in self.directory.glob("index-*"):
                if other != self._index_path():
                    other.unlink()
        except OSError:
            pass

    def _prune_files(self) -> None:
        """Drop per-file entries no index entry refers to (old versions of edited files, stray temporary files)
        once they outnumber the live ones, so the folder does not grow with every edit."""
        live = {key for _, key in self._index.values()} if self._index else set()
        try:
            stored = [p for folder in (self.directory / "files").iterdir() if folder.is_dir()
                      for p in folder.iterdir()]
            if len(stored) <= 2 * len(live) + 100:
                return
            cutoff = time.time() - _PRUNE_AGE_S
            for path in stored:
                if path.name not in live and path.stat().st_mtime < cutoff:
                    path.unlink()
        except OSError:
            pass

    def _load_index(self) -> dict:
        if self._index is None:
            loaded = _read_entry(self._index_path())
            self._index = loaded if isinstance(loaded, dict) else {}
        return self._index

    def _index_path(self) -> Path:
        return self.directory / f"index-{self.fingerprint[:16]}"

    # --- per-file entries ------------------------------------------------------------------------------------
    def load_file(self, key: str) -> Any | None:
        return _read_entry(self._file_path(key))

    def store_file(self, key: str, value: Any) -> None:
        path = self._file_path(key)
        try:
            path.parent.mkdir(exist_ok=True)
        except OSError:
            return
        _write_entry(path, value)

    def _file_path(self, key: str) -> Path:
        return self.directory / "files" / key[:2] / key

    # --- cross-module results --------------------------------------------------------------------------------
    def load_solve(self, key: str) -> Any | None:
        return _read_entry(self.directory / "solve" / key)

    def store_solve(self, key: str, value: Any) -> None:
        folder = self.directory / "solve"
        _write_entry(folder / key, value)
        try:  # only the latest few are worth keeping: each describes a whole tree
            entries = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[_KEEP_SOLVE_ENTRIES:]:
                old.unlink()
        except OSError:
            pass


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
        return _read_entry(path)

    def store_latest(self, rule_ids: Iterable[str], value: Any) -> None:
        path = self._latest_path(rule_ids)
        self._latest = (path, value)
        if self.hold_latest:
            self._unwritten = (path, value)
        else:
            _write_entry(path, value)

    def flush_latest(self) -> None:
        """Write the state held back while ``hold_latest`` was set (a review solves each side of a change in
        turn: only the last state is worth the time it takes to write)."""
        if self._unwritten is not None:
            _write_entry(*self._unwritten)
            self._unwritten = None

    def _latest_path(self, rule_ids: Iterable[str]) -> Path:
        return self.directory / f"latest-{self.solve_key(rule_ids, ())[:16]}"

    # --- what reviews learnt about git blobs ------------------------------------------------------------------
    KEEP_UNUSED_BLOB_FACTS = 5000  # entries of a blob memo that a review did not use, kept for the next ones

    def load_blob_memo(self, kind: str) -> dict:
        """A mapping a change review keeps about blobs (``kind`` "imports": blob id → what it imports; "keys":
        (path, blob id) → the key of its per-file entry). Blob ids are hashes of the contents, so an entry is
        exact for as long as this fingerprint (pillarscan's code and configuration) holds."""
        loaded = _read_entry(self._blob_memo_path(kind))
        return loaded if isinstance(loaded, dict) else {}

    def store_blob_memo(self, kind: str, memo: dict, used: set) -> None:
        """Keep ``memo`` for the next review. Entries this review did not use (files edited since, other
        branches) are dropped once they outnumber the used ones by more than ``KEEP_UNUSED_BLOB_FACTS``."""
        if len(memo) > 2 * len(used) + self.KEEP_UNUSED_BLOB_FACTS:
            memo = {key: value for key, value in memo.items() if key in used}
        _write_entry(self._blob_memo_path(kind), memo)
        try:  # memos written under another configuration would only grow stale
            for other in self.directory.glob(f"blobs-{kind}-*"):
                if other != self._blob_memo_path(kind):
                    other.unlink()
        except OSError:
            pass

    def _blob_memo_path(self, kind: str) -> Path:
        return self.directory / f"blobs-{kind}-{self.fingerprint[:16]}"


def _signature(info: os.stat_result) -> tuple[int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def fingerprint(rule_ids: Iterable[str], extra_models: Iterable[object], max_file_bytes: int,
                honour_nosec: bool = False) -> str:
    """Everything besides a file's own bytes and paths that can change what the per-file phase says about it
    (``honour_nosec`` decides which comments a file's suppressions hold)."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.version}\0{_code_digest()}\0{max_file_bytes}\0{honour_nosec}\0".encode())
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


def default_directory(targets: list[str]) -> str | None:
    """``.pillarscan_cache`` at the scan root: the first target that is a folder. Files named one by one (an
    editor's or a hook's call) get no default cache: they are quick to review, and a cache folder beside each
    of them would be litter."""
    root = next((t for t in targets if os.path.isdir(t)), None)
    return os.path.join(root, CACHE_DIRNAME) if root is not None else None


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


def _read_entry(path: Path) -> Any | None:
    """The stored value, or None when absent, unreadable, truncated, tampered with or not unpicklable."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    header = len(_MAGIC) + _CHECKSUM_BYTES
    if len(blob) < header or not blob.startswith(_MAGIC):
        return None
    payload = memoryview(blob)[header:]
    if hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest() != blob[len(_MAGIC):header]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a class renamed since the entry was written, or any other decay
        return None


def _write_entry(path: Path, value: Any) -> None:
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable value is simply not cached
        return
    checksum = hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest()
    _write_atomic(path, _MAGIC + checksum + payload)


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
