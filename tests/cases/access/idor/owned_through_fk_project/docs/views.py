"""Members see their projects; a document is served by its id alone."""
from django.http import FileResponse, JsonResponse

from .models import Document, Notice, Project


def my_projects(request):
    projects = Project.objects.filter(members=request.user)
    return JsonResponse({"projects": [p.title for p in projects]})


def download(request, document_id):
    document = Document.objects.get(pk=document_id)  # expect: CWE-639
    return FileResponse(open(document.path, "rb"))


def notice(request, notice_id):
    return JsonResponse({"text": Notice.objects.get(pk=notice_id).text})
