"""Run a call on a thread with a large stack and a raised recursion limit.

Real code nests deeper than CPython's default limit of 1,000 frames allows a recursive analyser to follow:
a 300-branch ``elif`` chain is a 300-deep ``If`` tree, a long implicit string concatenation is as deep as it
has parts. Raising the recursion limit on the main thread would trade a ``RecursionError`` for a crash of the
interpreter (its C stack is a few MiB); a worker thread with a 256 MiB stack can afford the higher limit.
The limit is raised only while such a call runs and restored afterwards; the caller waits meanwhile.
Inputs deeper still end in ``RecursionError``, which callers turn into a diagnostic.
"""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

STACK_BYTES = 256 * 1024 * 1024
RECURSION_LIMIT = 12_000

_lock = threading.Lock()
_active = 0
_saved_limit = 0
_local = threading.local()


def call_with_deep_stack(fn: Callable[..., T], *args, **kwargs) -> T:
    """``fn(*args, **kwargs)``, evaluated on a big-stack thread; its exception, if any, is re-raised here."""
    if getattr(_local, "deep", False):
        return fn(*args, **kwargs)
    outcome: dict[str, object] = {}

    def body() -> None:
        _local.deep = True
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # handed back to the caller's thread unchanged
            outcome["error"] = exc

    try:
        thread = _start(body)
    except (RuntimeError, ValueError, MemoryError):  # no thread or no big stack to be had: run here
        return fn(*args, **kwargs)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _start(body: Callable[[], None]) -> threading.Thread:
    with _lock:
        previous_size = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=_with_limit(body), name="pillarscan-deep", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous_size)
    return thread


def _with_limit(body: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        global _active, _saved_limit
        with _lock:
            if _active == 0:
                _saved_limit = sys.getrecursionlimit()
                sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
            _active += 1
        try:
            body()
        finally:
            with _lock:
                _active -= 1
                if _active == 0:
                    sys.setrecursionlimit(_saved_limit)

    return run
