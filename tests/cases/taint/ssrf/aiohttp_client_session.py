"""aiohttp feed reader: an aiohttp ClientSession fetches the feed URL from the query string."""

import aiohttp
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/feed")
async def fetch_feed(request):
    feed_url = request.query["feed"]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        async with session.get(feed_url) as resp:  # expect: CWE-918
            text = await resp.text()
    return web.json_response({"bytes": len(text)})


def make_app():
    app = web.Application()
    app.add_routes(routes)
    return app
