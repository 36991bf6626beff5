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
