"""Inventory API: SQLAlchemy text() and Session.execute() given SQL built from query parameters."""

from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

app = FastAPI()
engine = create_engine("sqlite:///inventory.db")


@app.get("/items")
def list_items(category: str):
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, name FROM items WHERE category = '{category}'")).fetchall()  # expect: CWE-89
    return {"items": [row.id for row in rows]}


@app.get("/suppliers")
def list_suppliers(country: str):
    with Session(engine) as session:
        rows = session.execute("SELECT id FROM suppliers WHERE country = '" + country + "'").fetchall()  # expect: CWE-89
    return {"suppliers": [row.id for row in rows]}
