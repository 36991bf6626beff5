"""Report routes: path parameters are handed to the exporter service."""

from fastapi import APIRouter

from services.exporter import export_report, export_summary

router = APIRouter()


@router.post("/{name}/export")
def export(name: str, fmt: str = "pdf"):
    export_report(name, fmt)
    return {"queued": True}


@router.post("/summary")
def summary(year: int):
    export_summary(year)
    return {"queued": True}
