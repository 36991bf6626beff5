"""FastAPI converts annotated parameters before the handler runs (422 otherwise): an ``int``, a ``UUID`` or a date
holds no text of the client's, whatever the query it is formatted into."""

import sqlite3
import subprocess
import uuid
from datetime import date
from typing import Optional

from fastapi import FastAPI, Query

app = FastAPI()
db = sqlite3.connect("orders.db")


@app.get("/orders/{order_id}")
def order(order_id: int):
    return db.execute(f"SELECT * FROM orders WHERE id = {order_id}").fetchall()


@app.get("/exports/{export_id}")
def export(export_id: uuid.UUID, day: Optional[date] = None, limit: int = Query(10)):
    subprocess.run(f"export-orders --id {export_id} --day {day} --limit {limit}", shell=True, check=True)
    return {"queued": True}
