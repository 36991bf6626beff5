"""The repository's cache as one change review uses it: what is known about each git blob, and each per-file
entry read once for both sides.

Why a review needs more than ``scan``'s cache: a review reads files from git, not from disk, so ``scan``'s stat
index cannot spare it the reading and hashing of every blob, and the two sides of a change hold mostly the same
blobs. So, by blob id (a hash of the contents, hence exact):

- the key of each blob's per-file entry (with its path): a blob analysed before is not even read from git;
- what each blob imports (``python.imports.FileImports``): finding the context of a change otherwise parses the
  import lines of every file of the repository, on each side;
- each per-file entry is read from disk once per review, and each side gets its own shallow copy (the entry as
  read is never changed); flow facts decoded for one side are handed to the other when their key is the same
  (the solver only reads facts).
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Callable, Iterable

from .cache import ResultCache


class ReviewCache(ResultCache):
    """A ``ResultCache`` with the memos of one review; picklable like its base (workers get a fresh one)."""

    def __init__(self, directory, fingerprint: str, key: bytes = b""):
        super().__init__(directory, fingerprint, key)
        self._entries: dict[str, Any] = {}  # per-file key → the entry as read (never handed out itself)
        self._decoded: dict[str, Any] = {}  # per-file key → facts decoded for either side
        self._memos: dict[str, dict] = {}  # "imports" / "keys" → the stored memo, loaded on first use
        self._used: dict[str, set] = {"imports": set(), "keys": set()}
        self._grown: set[str] = set()  # memos with entries this review added
        self.entries_read = 0  # per-file entries read from disk (once each, whichever side asks)
        self.facts_decoded = 0  # modules whose flow facts were decoded (once each, whichever side asks)

    @classmethod
    def of(cls, cache: ResultCache | None) -> "ReviewCache | None":
        return cls(cache.directory, cache.fingerprint, cache.key) if cache is not None else None

    # --- per-file entries, read once ---------------------------------------------------------------------------
    def load_file(self, key: str) -> Any | None:
        entry = self._entries.get(key)
        if entry is None:
            entry = super().load_file(key)
            if entry is None:
                return None
            self.entries_read += 1
            self._entries[key] = entry
        return self._own_copy(entry, key)

    def _own_copy(self, entry: Any, key: str) -> Any:
        """A copy of the entry for one side, carrying its key (its identity in the cross-module phase); the same
        key means the same facts, so they are decoded once for both sides."""
        item = copy.copy(entry)
        item.identity = key
        unpack = getattr(entry, "unpack_facts", None)  # the entry as read: its blob is never let go
        if callable(unpack):
            item.unpack_facts = functools.partial(self._unpack_once, key, unpack)
        return item

    def _unpack_once(self, key: str, unpack: Callable[[], Any]) -> Any:
        facts = self._decoded.get(key)
        if facts is None:
            facts = self._decoded[key] = unpack()
            self.facts_decoded += 1
        return facts

    def let_go(self) -> None:
        """Drop the entries and decoded facts kept for the other side, once both sides are done (freed by
        reference counting, before the cyclic collector would walk them all)."""
        self._entries.clear()
        self._decoded.clear()

    def outcomes_by_blob(self, paths: Iterable[str], content_id: Callable[[str], str | None]) -> dict[str, Any]:
        """Path → its per-file entry, for the paths whose blob was analysed before under the same path (found by
        the blob id, without reading the blob)."""
        keys = self.memo("keys")
        found: dict[str, Any] = {}
        for path in paths:
            oid = content_id(path)
            key = keys.get((path, oid)) if oid else None
            entry = self.load_file(key) if key else None
            if entry is not None and getattr(getattr(entry, "outcome", None), "path", None) == path:
                found[path] = entry
                self._used["keys"].add((path, oid))
        return found

    def remember_blob(self, path: str, oid: str, key: str) -> None:
        """Record the per-file key a blob was analysed under, for the next review to find it by id."""
        keys = self.memo("keys")
        if keys.get((path, oid)) != key:
            keys[(path, oid)] = key
            self._grown.add("keys")
        self._used["keys"].add((path, oid))

    # --- the blob memos ------------------------------------------------------------------------------------------
    def memo(self, kind: str) -> dict:
        if kind not in self._memos:
            self._memos[kind] = self.load_blob_memo(kind)
        return self._memos[kind]

    def note_imports(self, used: set[str], added: bool) -> None:
        """The import lists (``memo("imports")``) this review used, and whether it added any."""
        self._used["imports"] |= used
        if added:
            self._grown.add("imports")

    def save_memos(self) -> None:
        for kind in sorted(self._grown):
            self.store_blob_memo(kind, self._memos[kind], self._used[kind])
        self._grown.clear()
