"""Request body validation against JSON schemas."""

import functools

import jsonschema


def schema(request_body_schema):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, req, *args, **kwargs):
            jsonschema.validate(kwargs.get("body"), request_body_schema)
            return func(self, req, *args, **kwargs)
        return wrapper
    return decorator
