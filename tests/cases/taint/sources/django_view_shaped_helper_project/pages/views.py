"""A helper shaped like a view (request first) that views call with a model: its parameters are not URL input."""

import os

from django.http import HttpResponse, HttpResponseRedirect

from pages.models import Page

PAGES_DIR = "/srv/app/pages"


def render_page(request, page):
    with open(os.path.join(PAGES_DIR, page.template_name), encoding="utf-8") as fh:
        return HttpResponse(fh.read().replace("{{ title }}", page.title_html))


def page_view(request, slug):
    page = Page.objects.get(slug=slug)
    return render_page(request, page)


def raw_page(request, name):
    with open(os.path.join(PAGES_DIR, name), encoding="utf-8") as fh:  # expect: CWE-22
        return HttpResponse(fh.read(), content_type="text/plain")


def add_slash(request):
    return HttpResponseRedirect(request.get_full_path() + "/")
