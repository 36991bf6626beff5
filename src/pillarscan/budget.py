"""Per-file budgets: one pathological file (a huge generated module, absurd nesting) must not stall a review.

Time: a watchdog thread interrupts the thread analysing a file once its budget is spent, by raising
``FileBudgetExceeded`` in it (CPython's asynchronous exception, delivered at the next bytecode boundary). No
analysis code needs deadline checks; the exception derives from ``BaseException`` so that the ``except
Exception`` guards around rules and functions do not swallow it. A long call into C (one ``re`` match) is
interrupted when it returns.

Memory: worker processes cap their address space (``RLIMIT_AS``) at what they use at start plus the budget, so a
runaway file ends in ``MemoryError`` — which the engine reports as a diagnostic — instead of swapping the machine.
The main process is never capped: it may be a caller's interpreter (tests, an editor).
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import threading
import time


class FileBudgetExceeded(BaseException):
    """Raised inside the analysing thread when its file ran past the per-file time budget."""


class _Watchdog:
    """One daemon thread for the whole process, holding a heap of (deadline, token) for running analyses."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._active: dict[int, int] = {}  # token -> thread ident, while its analysis runs
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        token = next(self._tokens)
        with self._lock:
            self._active[token] = threading.get_ident()
            heapq.heappush(self._heap, (time.monotonic() + seconds, token))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="pillarscan-watchdog", daemon=True)
                self._thread.start()
            self._lock.notify()
        return token

    def disarm(self, token: int) -> None:
        """After this returns no exception can be raised any more for ``token``."""
        with self._lock:
            self._active.pop(token, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._heap and self._heap[0][1] not in self._active:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait()
                    continue
                deadline, token = self._heap[0]
                left = deadline - time.monotonic()
                if left > 0:
                    self._lock.wait(left)
                    continue
                heapq.heappop(self._heap)
                ident = self._active.pop(token)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(FileBudgetExceeded))


_watchdog = _Watchdog()


def _fresh_watchdog_after_fork() -> None:
    """A forked worker must not inherit the parent's watchdog: its lock may have been held at the fork, and its
    thread does not exist in the child."""
    global _watchdog
    _watchdog = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_watchdog_after_fork)


class time_budget:
    """``with time_budget(seconds):`` — FileBudgetExceeded is raised in this thread if the block runs longer.

    ``seconds`` of 0 or less means no limit. The exception may surface as late as the end of ``__exit__``, so
    callers catch it around the whole ``with`` statement.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._token: int | None = None

    def __enter__(self) -> "time_budget":
        if self.seconds > 0:
            self._token = _watchdog.arm(self.seconds)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._token is not None:
            _watchdog.disarm(self._token)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at its current size plus ``megabytes`` (no-op where unsupported)."""
    if megabytes <= 0:
        return
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = current + megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if soft == resource.RLIM_INFINITY or wanted < soft:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, OSError, ValueError):
        pass
