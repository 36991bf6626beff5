"""Starlette endpoints registered in a route table and as class-based endpoints: the request they take is the
client's."""

import subprocess

from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from starlette.routing import Route


async def ping(request):
    host = request.query_params["host"]
    out = subprocess.check_output("ping -c 1 " + host, shell=True)  # expect: CWE-78
    return PlainTextResponse(out.decode())


class Search(HTTPEndpoint):
    async def get(self, request):
        term = request.query_params.get("q", "")
        return HTMLResponse("<h1>Results for " + term + "</h1>")  # expect: CWE-79


async def leave(request):
    return RedirectResponse(request.query_params["next"])  # expect: CWE-601


app = Starlette(routes=[Route("/ping", ping), Route("/search", Search), Route("/leave", endpoint=leave)])
