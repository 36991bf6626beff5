"""Snapshot API: the URL's id, the request's query and the JSON body are the client's."""

import subprocess

import webob

from storage.api.openstack import wsgi
from storage.api.openstack.compute import schema
from storage.api import validation
from storage.db import api as db


class SnapshotsController(wsgi.Controller):
    def index(self, req):
        sort = req.GET.get("sort_key", "created_at")
        return {"snapshots": db.raw_query("SELECT * FROM snapshots ORDER BY " + sort)}

    def show(self, req, id):
        self._tag(req, "viewed")
        return {"snapshot": db.snapshot_get(id)}

    def create(self, req, body):
        name = body["snapshot"]["name"]
        subprocess.run("snap-create " + name, shell=True, check=True)  # expect: CWE-78
        return {"snapshot": {"name": name}}

    @wsgi.action("os-export")
    def _export(self, req, id, body):
        target = body["os-export"]["target"]
        subprocess.run(["snap-export", id, "--to", target], check=True)
        return {"exported": True}

    def _tag(self, req, name):
        subprocess.run("snap-tag " + name, shell=True, check=True)


class SnapshotActionsController(wsgi.Controller):
    @validation.schema(schema.rename)
    def update(self, req, id, body):
        name = body["snapshot"]["name"]
        resp = webob.Response(status_int=202)
        resp.headers["X-Snapshot-Name"] = name
        return resp

    def delete(self, req, id):
        resp = webob.Response(status_int=204)
        resp.headers["X-Deleted"] = id  # expect: CWE-113
        return resp
