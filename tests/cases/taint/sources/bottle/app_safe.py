"""Bottle routes whose wildcard is an integer filter (<id:int>): the value cannot carry SQL."""

import sqlite3
from contextlib import closing

from bottle import get


@get("/items/<item_id:int>")
def item(item_id):
    with closing(sqlite3.connect("app.db")) as conn:
        row = conn.execute(f"SELECT name FROM items WHERE id = {item_id}").fetchone()
    return {"name": row[0] if row else None}
