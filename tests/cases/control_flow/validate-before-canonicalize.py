"""File download handler of the document store."""
import os
from urllib.parse import unquote

BASE = "/srv/documents"


def resolve(name: str) -> str:
    if ".." in name or name.startswith("/"):
        raise ValueError("bad name")
    decoded = unquote(name)  # expect: CWE-180
    return os.path.join(BASE, decoded)


def resolve_checked(name: str) -> str:
    path = os.path.realpath(os.path.join(BASE, unquote(name)))
    if os.path.commonpath([path, BASE]) != BASE:
        raise ValueError("outside the store")
    return path


def resolve_rechecked(name: str) -> str:
    if not name:
        raise ValueError("empty name")
    path = os.path.normpath(os.path.join(BASE, name))
    if not path.startswith(BASE + os.sep):
        raise ValueError("outside the store")
    return path
