"""Starlette's Request: query_params, await request.json() and headers are client-controlled."""

import os

import httpx
from fastapi import FastAPI, Request

app = FastAPI()
EXPORTS = "/srv/app/exports"


@app.get("/fetch")
async def fetch(request: Request):
    target = request.query_params["url"]
    async with httpx.AsyncClient(timeout=5.0) as client:
        resp = await client.get(target)  # expect: CWE-918
    return {"status": resp.status_code}


@app.post("/exports")
async def write_export(request: Request):
    payload = await request.json()
    with open(os.path.join(EXPORTS, payload["filename"]), "w", encoding="utf-8") as fh:  # expect: CWE-22
        fh.write(payload.get("content", ""))
    return {"written": True}


@app.post("/hooks/run")
async def run_hook(request: Request):
    hook = request.headers.get("x-hook", "default")
    os.system("/srv/hooks/run.sh " + hook)  # expect: CWE-78
    return {"ran": True}
