"""Look-alikes of a check-then-use race that are idioms: a race costs at most an exception, never a redirected write."""
import os
import shutil
from pathlib import Path


def ensure_folder(folder: str) -> None:
    if not os.path.exists(folder):
        os.makedirs(folder)


def ensure_cache(root: Path) -> None:
    if not root.is_dir():
        root.mkdir(parents=True)


def reset_spool(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)


def drop_build(folder: str) -> None:
    if os.path.isdir(folder):
        shutil.rmtree(folder)


def create_lock(path: str) -> int:
    if os.path.exists(path):
        raise FileExistsError(path)
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def create_report(path: str, text: str) -> None:
    if os.path.exists(path):
        raise FileExistsError(path)
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)
