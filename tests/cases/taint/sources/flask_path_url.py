"""The requested path, full path and URL are client-controlled and may hold CR/LF (percent-decoded)."""

import logging

from flask import Flask, request

app = Flask(__name__)
audit = logging.getLogger("audit")


@app.errorhandler(404)
def not_found(error):
    audit.warning("404 for " + request.path)  # expect: CWE-117
    audit.warning(f"404 query was {request.full_path}")  # expect: CWE-117
    audit.warning("404 url {}".format(request.url))  # expect: CWE-117
    return "not found", 404
