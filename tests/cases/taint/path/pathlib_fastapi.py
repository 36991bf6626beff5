"""Template and draft endpoints that build pathlib paths (and an os.unlink path) from request parameters."""

import os
from pathlib import Path

from fastapi import Body, FastAPI

app = FastAPI()
TEMPLATES = Path("/srv/app/templates")
DRAFTS_DIR = "/srv/app/drafts"


@app.get("/templates/{name}")
def read_template(name: str):
    return {"body": (TEMPLATES / name).read_text(encoding="utf-8")}  # expect: CWE-22


@app.delete("/drafts/{name}")
def delete_draft(name: str):
    draft = Path(DRAFTS_DIR, name)
    draft.unlink()  # expect: CWE-22
    return {"deleted": True}


@app.put("/drafts/{name}")
def save_draft(name: str, text: str = Body(..., embed=True)):
    Path(DRAFTS_DIR).joinpath(name).write_text(text, encoding="utf-8")  # expect: CWE-22
    return {"saved": True}


@app.delete("/drafts/{name}/backup")
def delete_backup(name: str):
    os.unlink(os.path.join(DRAFTS_DIR, name + ".bak"))  # expect: CWE-22
    return {"deleted": True}
