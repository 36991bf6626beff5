"""Handlers registered by the factory in app.py."""

import subprocess

from aiohttp import web


async def submit(request):
    data = await request.json()
    subprocess.run("queue-job " + data["name"], shell=True, check=True)  # expect: CWE-78
    return web.json_response({"queued": True})
