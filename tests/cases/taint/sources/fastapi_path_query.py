"""FastAPI path and query parameters, plain, with Query() defaults and with Annotated, are user input."""

import sqlite3
from contextlib import closing
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query

app = FastAPI()
router = APIRouter()
REPORTS_DIR = "/srv/app/reports"


@app.get("/reports/{name}")
def read_report(name: str):
    with open(f"{REPORTS_DIR}/{name}", encoding="utf-8") as fh:  # expect: CWE-22
        return {"lines": fh.readlines()}


@router.get("/search")
def search(q: str = Query(..., min_length=1), sort: str = Query("name")):
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute(f"SELECT id FROM products WHERE name LIKE '%{q}%' ORDER BY {sort}").fetchall()  # expect: CWE-89
    return {"ids": [r[0] for r in rows]}


@router.get("/count")
def count(category: Annotated[str, Query(max_length=40)]):
    with closing(sqlite3.connect("shop.db")) as conn:
        total = conn.execute("SELECT COUNT(*) FROM products WHERE category = '" + category + "'").fetchone()  # expect: CWE-89
    return {"total": total[0]}


app.include_router(router)
