"""The % operator applied before the call puts the header value into the format string itself."""

import logging

from fastapi import FastAPI, Header

app = FastAPI()
logger = logging.getLogger("api")


@app.get("/status")
def status(user_agent: str = Header("")):
    logger.info("status probe from %s" % user_agent)  # expect: CWE-117
    return {"ok": True}
