"""Django storage with a server-generated name: the uploaded content is the user's, the name is not."""

import uuid

from django.core.files.storage import default_storage
from django.http import HttpResponse


def upload(request):
    upload = request.FILES["attachment"]
    stored = default_storage.save(f"attachments/{uuid.uuid4().hex}", upload)
    return HttpResponse(stored)
