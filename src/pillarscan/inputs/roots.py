"""Where a reviewed file sits, independent of where the review was started from.

Why: fingerprints (baselines, review matching, SARIF) must not change when the same tree is scanned from
another working directory or after the checkout moved. A path relative to the repository root (the nearest
folder above the file holding ``.git``) is stable across both; outside a repository the folder that was named
as the target serves as the root instead. Found by walking up the folders, never by running git.
"""

from __future__ import annotations

import os


class RootResolver:
    """Turns the paths a scan reports into root-relative POSIX paths, remembering every folder it looked at."""

    def __init__(self, targets: list[str]):
        self._targets = [_target_folder(t) for t in targets if t != "-"]
        self._repo_of: dict[str, str | None] = {}
        self._relative: dict[str, str] = {}

    def relative(self, path: str) -> str:
        """``path`` relative to its repository root (else to the target folder that holds it), with ``/``."""
        if path.startswith("<"):  # <stdin>
            return path
        known = self._relative.get(path)
        if known is None:
            known = self._relative[path] = self._compute(path)
        return known

    def root_of_target(self, target: str) -> str:
        """The folder paths under ``target`` are relative to: its repository root, else the target folder."""
        folder = _target_folder(target)
        return self._repository_root(folder) or folder

    def _compute(self, path: str) -> str:
        absolute = os.path.realpath(path)
        folder = os.path.dirname(absolute)
        root = self._repository_root(folder)
        if root is None:
            root = next((t for t in self._targets if _inside(absolute, t)), folder)
        return os.path.relpath(absolute, root).replace(os.sep, "/")

    def _repository_root(self, folder: str) -> str | None:
        seen = []
        root: str | None = None
        current = folder
        while True:
            if current in self._repo_of:
                root = self._repo_of[current]
                break
            seen.append(current)
            if os.path.exists(os.path.join(current, ".git")):
                root = current
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for name in seen:
            self._repo_of[name] = root
        return root


def _target_folder(target: str) -> str:
    absolute = os.path.realpath(target)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
