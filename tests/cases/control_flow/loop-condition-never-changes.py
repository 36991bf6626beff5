"""Retry and batching helpers of the sync client."""


def send_in_batches(items: list, send, size: int = 100) -> None:
    start = 0
    end = len(items)
    while start < end:  # expect: CWE-835
        send(items[start:start + size])


def send_all(items: list, send, size: int = 100) -> None:
    start = 0
    while start < len(items):
        send(items[start:start + size])
        start += size


def wait_for(ready, attempts: int) -> bool:
    tried = 0
    while tried < attempts:
        if ready():
            return True
        tried += 1
    return False


def drain(queue) -> None:
    while queue:
        queue.pop()
