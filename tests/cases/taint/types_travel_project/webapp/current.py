"""The request object returned by a helper, and read where it arrives."""
from flask import request


def current():
    return request
