"""A FastAPI dependency's own parameters are resolved from the request, so what it returns is user data."""

import sqlite3
from contextlib import closing

from fastapi import Depends, FastAPI, Query

app = FastAPI()


def ordering(sort: str = Query("id"), direction: str = Query("asc")):
    return f"{sort} {direction}"


@app.get("/items")
def list_items(order_by: str = Depends(ordering)):
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute("SELECT id FROM items ORDER BY " + order_by).fetchall()  # expect: CWE-89
    return {"ids": [r[0] for r in rows]}
