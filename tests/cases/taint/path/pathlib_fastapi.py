"""Template and draft endpoints that build pathlib paths from path parameters."""

from pathlib import Path

from fastapi import FastAPI

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
