"""Path helpers: one joins blindly, one sanitises, one deletes."""

import os

from werkzeug.utils import secure_filename

BASE_DIR = "/srv/app/documents"


def build_path(name):
    return os.path.join(BASE_DIR, name)


def safe_path(name):
    return os.path.join(BASE_DIR, secure_filename(name))


def remove_upload(name):
    os.remove(build_path(name))  # expect: CWE-22
