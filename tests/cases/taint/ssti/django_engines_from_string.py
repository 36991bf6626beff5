"""A Django view compiling the client's text as a template: {{ settings.SECRET_KEY }}-style reads and worse."""

from django.http import HttpResponse
from django.template import Engine, engines


def preview(request):
    template = engines["django"].from_string(request.POST["body"])  # expect: CWE-1336
    return HttpResponse(template.render({"user": request.user}))


def legacy_preview(request):
    template = Engine().from_string(request.GET.get("body", ""))  # expect: CWE-1336
    return HttpResponse(template.render({}))
