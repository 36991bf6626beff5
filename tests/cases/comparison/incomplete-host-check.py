"""Allow-lists on URLs and hosts: suffix/prefix/substring checks that accept look-alikes flagged."""

from urllib.parse import urlsplit

ALLOWED_HOSTS = ("example.com", "api.example.com")


def is_trusted_origin(origin: str, host: str, next_url: str) -> bool:
    if host.endswith("example.com"):  # expect: CWE-1023
        return True
    if origin.startswith("https://example.com"):  # expect: CWE-1023
        return True
    return "example.com" in next_url  # expect: CWE-1023


def is_trusted_exact(url: str, filename: str) -> bool:
    host = urlsplit(url).hostname or ""
    if filename.endswith(".tar.gz") or url.startswith("https://example.com/"):
        return True
    return host == "example.com" or host.endswith(".example.com") or "example.com" in ALLOWED_HOSTS


def local_disk(disk):
    return disk.endswith("disk.local")  # a file name whose suffix only looks like a domain
