"""aiohttp handlers registered on the router: the request's data is the client's."""

import os
import subprocess

from aiohttp import web

STATIC = "/srv/static"


async def fetch(request):
    name = request.match_info["name"]
    with open(os.path.join(STATIC, name), "rb") as fh:  # expect: CWE-22
        return web.Response(body=fh.read())


async def convert(request):
    form = await request.post()
    subprocess.run("convert in.png out." + form["format"], shell=True, check=True)  # expect: CWE-78
    return web.json_response({"ok": True})


def make_app():
    app = web.Application()
    app.router.add_get("/static/{name}", fetch)
    app.router.add_route("POST", "/convert", convert)
    return app
