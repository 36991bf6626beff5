"""Job worker: reads a job from the queue socket and unmarshals it."""

import marshal
import socket

QUEUE_ADDRESS = ("127.0.0.1", 9400)


def next_job():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(QUEUE_ADDRESS)
        payload = sock.recv(65536)
    return marshal.loads(payload)  # expect: CWE-502


if __name__ == "__main__":
    print(next_job())
