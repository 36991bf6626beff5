"""Cache entries as an attacker can forge them without the key: shared by the hostile-repository tests."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

# every kind of name a real run writes in a cache folder (files/, solve/, the index, latest state, blob memos)
NAMES = ("files/ab/" + "ab" * 20, "solve/" + "cd" * 20, "latest-0123456789abcdef", "index-0123456789abcdef",
         "blobs-keys-0123456789abcdef", "blobs-imports-0123456789abcdef")


class Payload:
    """Unpickling this runs a shell command that creates the marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def old_format(marker: Path) -> bytes:
    """An entry as the cache wrote them before entries were authenticated: magic, unkeyed checksum, pickle."""
    payload = pickle.dumps(Payload(marker))
    return b"PSCACHE1" + hashlib.blake2b(payload, digest_size=16).digest() + payload


def wrong_key(marker: Path) -> bytes:
    """An entry in today's format, authenticated with a key that is not the user's."""
    payload = pickle.dumps(Payload(marker))
    return b"PSCACHE2" + hashlib.blake2b(payload, key=b"k" * 32, digest_size=32).digest() + payload


def plant(folder: Path, marker: Path, names=NAMES) -> None:
    """Forged entries at every name, in both forms."""
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((old_format if "solve" in name or "index" in name else wrong_key)(marker))
