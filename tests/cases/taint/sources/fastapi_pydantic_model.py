"""Fields of a pydantic model parameter carry the request body."""

import sqlite3
from contextlib import closing

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class ReportRequest(BaseModel):
    name: str
    columns: list[str]
    limit: int = 100


@app.post("/reports")
def build_report(spec: ReportRequest):
    column_list = ", ".join(spec.columns)
    with closing(sqlite3.connect("warehouse.db")) as conn:
        rows = conn.execute(f"SELECT {column_list} FROM sales LIMIT {spec.limit}").fetchall()  # expect: CWE-89
        conn.execute("INSERT INTO report_log (name, row_count) VALUES (?, ?)", (spec.name, len(rows)))
    return {"rows": len(rows)}
