"""Sanic handlers that constrain the URL parameter to digits, escape the page and pass an argument list: nothing
to report."""

import html as htmlmod
import subprocess

from sanic import Sanic
from sanic.response import html

app = Sanic("safe_reports")


@app.get("/reports/<report_id:int>")
async def report(request, report_id):
    subprocess.run(f"render-report {report_id}", shell=True, check=True)
    return html("ok")


@app.post("/convert")
async def convert(request):
    fmt = request.form.get("format", "pdf")
    subprocess.run(["convert", "--to", fmt], check=True)
    return html("<p>" + htmlmod.escape(fmt) + "</p>")
