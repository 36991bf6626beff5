"""The project's WSGI layer: controllers are routed by the API router; their methods take the WebOb request."""

import webob


class Request(webob.Request):
    """A WebOb request with the project's context."""


class Controller:
    """Base of every API controller."""


def action(name):
    def decorator(func):
        func.wsgi_action = name
        return func
    return decorator
