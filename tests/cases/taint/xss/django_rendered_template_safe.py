"""A response whose body is a rendered template: the template engine escaped every value the context gave it, so
the untrusted search term inside is not cross-site scripting (what a template outputs raw is reported at the
template's own line)."""

from django.http import HttpResponse
from django.template import Engine, loader


def search(request):
    template = loader.get_template("search/results.html")
    body = template.render({"term": request.GET["q"]}, request)
    return HttpResponse(body)


def fallback(request):
    t = Engine().from_string("<p>{{ term }}</p>")
    return HttpResponse(t.render({"term": request.GET["q"]}))
