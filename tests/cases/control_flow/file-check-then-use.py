"""Spool directory handling of the print daemon (runs as root)."""
import os
import tempfile

SPOOL = "/var/spool/printd"


def write_job(path: str, data: bytes) -> None:
    if os.access(path, os.W_OK):
        with open(path, "wb") as fh:  # expect: CWE-367
            fh.write(data)


def create_job(path: str, data: bytes) -> None:
    if os.path.exists(path):
        raise FileExistsError(path)
    with open(path, "wb") as fh:  # expect: CWE-367
        fh.write(data)


def write_pidfile(pid: int) -> None:
    pidfile = os.path.join(tempfile.gettempdir(), "printd.pid")  # a directory every local user can write
    if not os.path.exists(pidfile):
        with open(pidfile, "w") as fh:  # expect: CWE-367
            fh.write(str(pid))


def ensure_spool() -> None:
    os.makedirs(SPOOL, exist_ok=True)


def read_config(path: str) -> str:
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    return ""


def create_job_atomically(path: str, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)


def remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
