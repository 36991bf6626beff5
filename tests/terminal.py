"""Run pillarscan with one of its streams on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys


def run_on_terminal(args: list[str], stream: str, cwd=None, env: dict | None = None) -> tuple[int, bytes, bytes]:
    """Run ``python -m pillarscan ARGS`` with ``stream`` ("stdout" or "stderr") on a pseudo-terminal; returns
    (exit code, what the terminal showed, standard error when it is not the terminal). Standard output, when it
    is not the terminal, is discarded: a large report must not fill a pipe nobody reads until the end."""
    leader, follower = pty.openpty()
    env = {**(env if env is not None else os.environ), "COLUMNS": "100", "TERM": "xterm"}
    streams = ({"stdout": follower, "stderr": subprocess.PIPE} if stream == "stdout"
               else {"stdout": subprocess.DEVNULL, "stderr": follower})
    proc = subprocess.Popen([sys.executable, "-m", "pillarscan", *args], cwd=cwd, env=env, **streams)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the program ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    rest = proc.stderr.read() if stream == "stdout" else b""
    proc.wait(timeout=120)
    os.close(leader)
    return proc.returncode, b"".join(chunks), rest
