"""Framework-internal helpers that take the request first but are not views (no URLconf routes them, no view
decorator, not in a views module): their other parameters come from the calling code, not the URL."""

import os

from django.conf import settings
from django.db import connection
from django.http import FileResponse


def serve_media(request, relative_path, document_root=None):
    root = document_root or settings.MEDIA_ROOT
    return FileResponse(open(os.path.join(root, relative_path), "rb"))


def count_rows(request, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
