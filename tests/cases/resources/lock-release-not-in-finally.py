"""A small in-process job queue."""
import threading


class JobQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: list = []

    def push(self, job) -> None:
        self._lock.acquire()  # expect: CWE-667
        self._jobs.append(job.validate())
        self._lock.release()

    def pop(self):
        self._lock.acquire()
        try:
            return self._jobs.pop(0)
        finally:
            self._lock.release()

    def size(self) -> int:
        with self._lock:
            return len(self._jobs)

    def __enter__(self):
        self._lock.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()
