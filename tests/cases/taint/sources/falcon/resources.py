"""Falcon resources: the request's parameters, body and URL fields are the client's."""

import os
import subprocess

import falcon

EXPORTS = "/srv/exports"


class ExportResource:
    def on_get(self, req, resp, name):
        with open(os.path.join(EXPORTS, name), "rb") as fh:  # expect: CWE-22
            resp.data = fh.read()

    def on_post(self, req, resp):
        fmt = req.get_param("format") or "csv"
        subprocess.run("export --format " + fmt, shell=True, check=True)  # expect: CWE-78
        resp.media = {"queued": True}


class SearchResource:
    def on_post(self, req, resp):
        query = req.media.get("query", "")
        resp.media = {"result": eval(query)}  # expect: CWE-95


app = falcon.App()
app.add_route("/exports/{name}", ExportResource())
app.add_route("/exports", ExportResource())
app.add_route("/search", SearchResource())
