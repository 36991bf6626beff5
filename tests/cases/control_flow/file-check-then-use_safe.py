"""Look-alikes of a check-then-use race that are idioms: a race costs at most an exception, never a redirected write;
a check that only lets the use run on a file that exists (the use would fail or act the same without it); and a
path the program builds inside its own tree, where no other user writes."""
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


def publish_job(path: str, public: str) -> None:
    if os.path.isfile(path):  # only chooses to skip a missing job: without it, chmod acts on the same file
        os.chmod(path, 0o644)
        shutil.copyfile(path, public)


def write_package_init() -> None:
    init_path = os.path.join(os.path.dirname(__file__), "migrations", "__init__.py")
    if not os.path.isfile(init_path):  # the project's own source tree: nobody else writes there
        open(init_path, "w").close()
