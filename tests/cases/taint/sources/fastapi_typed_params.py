"""The same handlers with ``str`` parameters: FastAPI passes the client's text through unchanged."""

import sqlite3
import subprocess

from fastapi import FastAPI

app = FastAPI()
db = sqlite3.connect("orders.db")


@app.get("/orders/{order_id}")
def order(order_id: str):
    return db.execute(f"SELECT * FROM orders WHERE id = {order_id}").fetchall()  # expect: CWE-89


@app.get("/exports/{export_id}")
def export(export_id: str, limit: int = 10):
    subprocess.run(f"export-orders --id {export_id} --limit {limit}", shell=True, check=True)  # expect: CWE-78
    return {"queued": True}
