"""The template source is the application's own; the client's text is only context, escaped on output."""

from django.http import HttpResponse
from django.template import engines

GREETING = "<p>Hello {{ name }}</p>"


def preview(request):
    template = engines["django"].from_string(GREETING)
    return HttpResponse(template.render({"name": request.GET.get("name", "")}))
