"""Container entry points: a script that a Dockerfile's ENTRYPOINT or CMD runs must listen on every interface,
or the container's published port reaches nothing; the container's network is then the boundary, so binding
0.0.0.0 there is not a finding. Judged in the main process after the per-file phase, because the answer lives in
another file (the Dockerfile) that the per-file cache does not key on.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from typing import Iterable

from ..findings import Finding
from .project import AppRoots

_RULE = "bind-all-interfaces"
_INSTRUCTION = re.compile(r"^\s*(ENTRYPOINT|CMD)\s+(.*)$", re.IGNORECASE)
_MAX_BYTES = 256 * 1024


def drop_container_binds(findings: list[Finding], targets: Iterable[str]) -> list[Finding]:
    """``findings`` without the bind-all-interfaces findings of scripts a Dockerfile of their app runs."""
    if not any(f.rule_id == _RULE for f in findings):
        return findings
    roots = AppRoots(list(targets))
    memo: dict[str, frozenset[str]] = {}
    kept = []
    for finding in findings:
        if finding.rule_id == _RULE and _is_entry(finding.location.path, roots, memo):
            continue
        kept.append(finding)
    return kept


def _is_entry(path: str, roots: AppRoots, memo: dict[str, frozenset[str]]) -> bool:
    """Is the file run by a Dockerfile in its folder or any folder up to its application's root?"""
    name = os.path.basename(path)
    stem = os.path.splitext(name)[0]
    folder = os.path.dirname(os.path.abspath(path))
    top = roots.of(path)
    while True:
        if folder not in memo:
            memo[folder] = _entry_words(os.path.join(folder, "Dockerfile"))
        words = memo[folder]
        if name in words or stem in words and "-m" in words:
            return True
        parent = os.path.dirname(folder)
        if folder == top or parent == folder or not folder.startswith(top):
            return False
        folder = parent


def _entry_words(dockerfile: str) -> frozenset[str]:
    """The words of the ENTRYPOINT and CMD instructions, paths cut to their last part; empty when unreadable."""
    try:
        with open(dockerfile, "rb") as handle:
            text = handle.read(_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return frozenset()
    words: set[str] = set()
    for line in text.replace("\\\r\n", " ").replace("\\\n", " ").splitlines():
        match = _INSTRUCTION.match(line)
        if match:
            words.update(os.path.basename(w.rstrip("/")) for w in _split(match.group(2)))
    return frozenset(words)


def _split(command: str) -> list[str]:
    """Exec form (a JSON array) or shell form; a command that parses as neither gives its blank-split words."""
    command = command.strip()
    if command.startswith("["):
        try:
            parts = json.loads(command)
            if isinstance(parts, list):
                return [w for p in parts if isinstance(p, str) for w in _split(p)]
        except (ValueError, RecursionError):  # hostile nesting is not a command
            pass
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()
