"""Worker that caches downloads between runs."""
import os
import tempfile
from pathlib import Path

PID_FILE = "/tmp/sync-worker.pid"  # expect: CWE-377


def cache_path(name: str) -> str:
    return f"/tmp/sync-cache/{name}.json"  # expect: CWE-377


def lock_path() -> Path:
    return Path("/tmp") / "sync-worker.lock"  # expect: CWE-377


def socket_path() -> str:
    return os.path.join("/var/tmp", "sync.sock")  # expect: CWE-377


def scratch() -> str:
    """Creates a private directory; never a fixed name like /tmp/sync."""
    return tempfile.mkdtemp(dir="/tmp/", prefix="sync-")


def is_scratch(path: str) -> bool:
    return path.startswith("/tmp/") or path == "/tmp/sync"


def default_tmp() -> str:
    return os.environ.get("TMPDIR", "/tmp")
