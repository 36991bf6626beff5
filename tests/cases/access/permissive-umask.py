"""Daemon start-up for the sync worker."""
import os


def daemonize() -> None:
    os.umask(0)  # expect: CWE-276
    os.chdir("/")


def daemonize_group_shared() -> None:
    old = os.umask(0o002)
    os.umask(old)


def daemonize_careless() -> None:
    os.umask(0o020)  # expect: CWE-276


def daemonize_private() -> None:
    os.umask(0o077)


def current_umask() -> int:
    mask = os.umask(0)  # the only way to read the umask: set, then restored at once
    os.umask(mask)
    return mask


def write_shared_report(path: str, text: str) -> None:
    old = os.umask(0)  # expect: CWE-276
    with open(path, "w") as fh:
        fh.write(text)
    os.umask(old)
