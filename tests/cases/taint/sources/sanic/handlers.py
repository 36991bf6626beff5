"""Sanic handlers: the first parameter is the request, the others are URL parameters; both are the client's."""

import os
import subprocess

from sanic import Sanic
from sanic.response import html, redirect
from sanic.views import HTTPMethodView

app = Sanic("reports")
REPORTS = "/srv/reports"


@app.get("/reports/<name>")
async def report(request, name):
    with open(os.path.join(REPORTS, name)) as fh:  # expect: CWE-22
        return html(fh.read())


@app.post("/convert")
async def convert(request):
    fmt = request.form.get("format", "pdf")
    subprocess.run("convert --to " + fmt, shell=True, check=True)  # expect: CWE-78
    return html("queued")


class Greeting(HTTPMethodView):
    async def get(self, request):
        return html("<p>Hello " + request.args.get("name", "") + "</p>")  # expect: CWE-79


async def leave(request):
    return redirect(request.args.get("next", "/"))  # expect: CWE-601


app.add_route(Greeting.as_view(), "/greet")
app.add_route(leave, "/leave")
