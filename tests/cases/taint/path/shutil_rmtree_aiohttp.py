"""aiohttp cache service: drops the cache folder of the project named in the URL."""

import os
import shutil

from aiohttp import web

CACHE_ROOT = "/var/cache/builds"
routes = web.RouteTableDef()


@routes.delete("/cache/{project}")
async def clear_cache(request):
    project = request.match_info["project"]
    shutil.rmtree(os.path.join(CACHE_ROOT, project))  # expect: CWE-22
    return web.json_response({"cleared": True})


def make_app():
    app = web.Application()
    app.add_routes(routes)
    return app
