"""Django storage with the client's file name: the name decides where inside the storage the file lands."""

from django.core.files.storage import FileSystemStorage, default_storage
from django.http import HttpResponse


def upload(request):
    upload = request.FILES["attachment"]
    stored = default_storage.save(request.POST["name"], upload)  # expect: CWE-22
    return HttpResponse(stored)


def archive(request):
    storage = FileSystemStorage(location="/srv/archive")
    storage.save(request.GET["path"], request.FILES["attachment"])  # expect: CWE-22
    return HttpResponse("archived")
