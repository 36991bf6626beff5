"""Reporting API: routes live in routers/, the shell-out in services/."""

from fastapi import FastAPI

from routers import reports

app = FastAPI()
app.include_router(reports.router, prefix="/reports")
