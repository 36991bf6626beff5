"""A Pyramid view that only uses the request to pick among fixed values."""

import os

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

DOCS = "/srv/docs"
PAGES = ("intro.md", "faq.md")


@view_config(route_name="page", renderer="json")
def page(request):
    name = request.matchdict["name"]
    if name not in PAGES:
        raise HTTPNotFound()
    with open(os.path.join(DOCS, name)) as fh:
        return {"text": fh.read()}
