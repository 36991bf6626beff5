"""Pyramid views: request.params, matchdict and json_body are the client's."""

import os
import sqlite3
from contextlib import closing

from pyramid.response import Response
from pyramid.view import view_config

DOCS = "/srv/docs"


@view_config(route_name="doc", renderer="json")
def doc(request):
    name = request.matchdict["name"]
    with open(os.path.join(DOCS, name)) as fh:  # expect: CWE-22
        return {"text": fh.read()}


@view_config(route_name="search", renderer="json")
def search(request):
    term = request.params.get("q", "")
    with closing(sqlite3.connect("app.db")) as conn:
        rows = conn.execute("SELECT id FROM docs WHERE title = '%s'" % term).fetchall()  # expect: CWE-89
    return {"ids": [r[0] for r in rows]}


@view_config(route_name="rename", request_method="POST")
def rename(request):
    data = request.json_body
    os.rename(os.path.join(DOCS, "current"), os.path.join(DOCS, data["to"]))  # expect: CWE-22
    return Response("ok")
