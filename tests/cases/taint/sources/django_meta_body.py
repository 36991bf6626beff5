"""Django's META (headers and CGI variables) and the raw body are client-controlled."""

import os
import pickle

from django.http import JsonResponse
from django.views import View


class ArchiveView(View):
    def get(self, request):
        archive = request.META.get("HTTP_X_ARCHIVE_NAME", "latest")
        os.system("tar tzf /srv/archives/" + archive)  # expect: CWE-78
        return JsonResponse({"listed": True})

    def post(self, request):
        manifest = pickle.loads(request.body)  # expect: CWE-502
        return JsonResponse({"entries": len(manifest)})
