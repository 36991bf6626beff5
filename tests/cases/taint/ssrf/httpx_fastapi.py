"""Feed checker on FastAPI: httpx fetches the URL given as a query parameter, sync and async."""

import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/check")
def check_feed(url: str):
    resp = httpx.get(url, timeout=5.0)  # expect: CWE-918
    return {"status": resp.status_code}


@app.get("/check-async")
async def check_feed_async(url: str):
    async with httpx.AsyncClient(timeout=5.0) as client:
        resp = await client.get(url)  # expect: CWE-918
    return {"status": resp.status_code}
