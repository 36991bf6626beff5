"""aiohttp handlers: match_info, query and the posted form are client-controlled."""

import os
import sqlite3
import subprocess
from contextlib import closing

from aiohttp import web

routes = web.RouteTableDef()
STATIC = "/srv/app/static"


@routes.get("/static/{name}")
async def static_file(request):
    name = request.match_info["name"]
    with open(os.path.join(STATIC, name), "rb") as fh:  # expect: CWE-22
        size = len(fh.read())
    return web.json_response({"size": size})


@routes.get("/users")
async def users(request):
    role = request.query.get("role", "member")
    with closing(sqlite3.connect("users.db")) as conn:
        rows = conn.execute(f"SELECT id FROM users WHERE role = '{role}'").fetchall()  # expect: CWE-89
    return web.json_response({"ids": [r[0] for r in rows]})


@routes.post("/convert")
async def convert(request):
    form = await request.post()
    fmt = form["format"]
    subprocess.run("convert /srv/app/in.png out." + fmt, shell=True, check=True)  # expect: CWE-78
    return web.json_response({"converted": True})


def make_app():
    app = web.Application()
    app.add_routes(routes)
    return app
