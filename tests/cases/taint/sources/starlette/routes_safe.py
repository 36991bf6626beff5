"""Starlette endpoints that escape what they echo and run no shell: nothing to report."""

import html
import subprocess

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route


async def ping(request):
    host = request.query_params["host"]
    out = subprocess.run(["ping", "-c", "1", "--", host], capture_output=True, check=False)
    return JSONResponse({"ok": out.returncode == 0})


async def search(request):
    term = request.query_params.get("q", "")
    return HTMLResponse("<h1>Results for " + html.escape(term) + "</h1>")


app = Starlette(routes=[Route("/ping", ping), Route("/search", search)])
