"""URL keyword arguments of Django views (class-based and decorated functions) are user input."""

import os

from django.db import connection
from django.http import JsonResponse
from django.views import View
from django.views.decorators.http import require_GET

DOCS_DIR = "/srv/app/docs"


class DocPageView(View):
    def get(self, request, slug):
        with open(os.path.join(DOCS_DIR, slug + ".md"), encoding="utf-8") as fh:  # expect: CWE-22
            text = fh.read()
        return JsonResponse({"length": len(text)})


@require_GET
def invoice(request, number):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT total FROM invoices WHERE number = '{number}'")  # expect: CWE-89
        row = cursor.fetchone()
    return JsonResponse({"total": row[0] if row else None})
