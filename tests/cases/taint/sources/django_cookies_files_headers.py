"""Django's COOKIES, FILES and headers are client-controlled."""

import os

import requests
from django.http import HttpResponseRedirect, JsonResponse
from django.views import View

UPLOADS = "/srv/app/uploads"


class ReturnView(View):
    def get(self, request):
        return HttpResponseRedirect(request.COOKIES.get("return_to", "/"))  # expect: CWE-601


class UploadView(View):
    def post(self, request):
        upload = request.FILES["document"]
        with open(os.path.join(UPLOADS, upload.name), "wb") as fh:  # expect: CWE-22
            for chunk in upload.chunks():
                fh.write(chunk)
        return JsonResponse({"stored": True})


class CallbackView(View):
    def post(self, request):
        callback = request.headers["X-Callback-Url"]
        requests.post(callback, json={"status": "received"}, timeout=5)  # expect: CWE-918
        return JsonResponse({"queued": True})
