"""Inventory API with bound parameters in text(): the statement text is constant."""

from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///inventory.db")


@app.get("/items")
def list_items(category: str):
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, name FROM items WHERE category = :category"), {"category": category}).fetchall()
    return {"items": [row.id for row in rows]}
