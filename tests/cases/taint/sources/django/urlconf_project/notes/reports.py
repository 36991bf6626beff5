"""A report view built on the project's base view, in its own module."""

import subprocess

from django.http import JsonResponse

from .base import BaseView


class ReportView(BaseView):
    def get(self, request, year, fmt):
        subprocess.run(f"make-report --year {year}", shell=True, check=True)
        subprocess.run(f"make-report --format {fmt}", shell=True, check=True)  # expect: CWE-78
        return JsonResponse({"ok": True})
