"""Files on disk: customer uploads, CSV/JSON exports, and cache keys for served files."""

import csv
import hashlib
import json
import os
import tempfile

from werkzeug.exceptions import NotFound
from werkzeug.utils import safe_join

import config


def upload_path(name: str) -> str:
    """Where an uploaded file lives on disk."""
    return os.path.join(config.UPLOAD_DIR, name)


def safe_upload_path(name: str) -> str:
    """Like upload_path, but refuses names that would leave the upload folder."""
    path = safe_join(config.UPLOAD_DIR, name)
    if path is None:
        raise NotFound()
    return path


def export_csv(rows) -> str:
    path = tempfile.mktemp(suffix=".csv", dir=config.EXPORT_DIR)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def export_json(rows) -> str:
    fd, path = tempfile.mkstemp(suffix=".json", dir=config.EXPORT_DIR)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(rows, fh)
    return path


def discard(path: str) -> None:
    """Remove an export once it has been downloaded; it may already be gone."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def etag_for(data: bytes) -> str:
    """A cache validator for served files; not a security boundary."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()
