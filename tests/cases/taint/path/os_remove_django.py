"""Media cleanup view: deletes the file named in the POST body."""

import os

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def delete_media(request):
    relative = request.POST["path"]
    os.remove(os.path.join(settings.MEDIA_ROOT, relative))  # expect: CWE-22
    return JsonResponse({"deleted": True})
