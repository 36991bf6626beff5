"""Application factory: handlers live in handlers.py."""

from aiohttp import web

from . import handlers


def make_app():
    app = web.Application()
    app.router.add_post("/jobs", handlers.submit)
    return app
