"""Renders a report to a scratch file before uploading it."""
import os
import tempfile


def render_report(data: bytes) -> str:
    path = tempfile.mktemp(suffix=".pdf")  # expect: CWE-377
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def render_report_safely(data: bytes) -> str:
    fd, path = tempfile.mkstemp(suffix=".pdf")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def scratch_dir() -> str:
    return tempfile.mkdtemp(prefix="report-")
