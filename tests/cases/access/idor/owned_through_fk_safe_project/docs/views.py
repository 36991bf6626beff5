"""Members see their projects; a document is served only to a member of its project."""
from django.http import FileResponse, Http404, JsonResponse

from .models import Document, Notice, Project


def my_projects(request):
    projects = Project.objects.filter(members=request.user)
    return JsonResponse({"projects": [p.title for p in projects]})


def download(request, document_id):
    document = Document.objects.get(pk=document_id, project__members=request.user)
    return FileResponse(open(document.path, "rb"))


def notice(request, notice_id):
    return JsonResponse({"text": Notice.objects.get(pk=notice_id).text})
