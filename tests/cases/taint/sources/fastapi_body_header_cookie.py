"""FastAPI Body(), Header() and Cookie() parameters are client-controlled."""

import sqlite3
import subprocess
from contextlib import closing

from fastapi import Body, Cookie, FastAPI, Header

app = FastAPI()


@app.post("/tasks/run")
def run_task(script: str = Body(..., embed=True)):
    subprocess.run(script, shell=True, check=True)  # expect: CWE-78
    return {"ran": True}


@app.get("/tenants/current")
def current_tenant(x_tenant: str = Header(...)):
    with closing(sqlite3.connect("tenants.db")) as conn:
        row = conn.execute(f"SELECT name FROM tenants WHERE slug = '{x_tenant}'").fetchone()  # expect: CWE-89
    return {"tenant": row[0] if row else None}


@app.get("/cart")
def cart(cart_id: str = Cookie("")):
    with closing(sqlite3.connect("shop.db")) as conn:
        rows = conn.execute("SELECT sku FROM cart_items WHERE cart_id = %s" % cart_id).fetchall()  # expect: CWE-89
    return {"skus": [r[0] for r in rows]}
