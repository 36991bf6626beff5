"""Answers kept on disk, keyed by model and prompt digest, so a re-run is free and gives the same verdicts.

Lives in the user's cache home (``cache.cache_home``, ``$PILLARSCAN_CACHE_HOME``), never in the reviewed tree.
An entry is plain JSON holding the answer text; a damaged entry is a miss, not an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..cache import cache_home


def prompt_digest(model: str, messages: list[dict[str, str]]) -> str:
    text = json.dumps({"model": model, "messages": messages}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class AnswerCache:
    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else cache_home() / "llm"
        self.hits = 0

    def _path(self, digest: str) -> Path:
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> str | None:
        try:
            data = json.loads(self._path(digest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        text = data.get("answer") if isinstance(data, dict) else None
        if isinstance(text, str):
            self.hits += 1
            return text
        return None

    def put(self, digest: str, model: str, text: str) -> None:
        path = self._path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"model": model, "answer": text}, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written costs a re-ask next run, nothing more
