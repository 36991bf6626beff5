"""Tracebacks shown only when the application runs with its debug flag on are a developer aid, not a leak in
production; the same traceback sent whatever the flag says, or when debug is off, is."""

import traceback

from django.conf import settings
from django.http import HttpResponseServerError
from flask import Flask, current_app, jsonify

app = Flask(__name__)


def last_chance(request):
    try:
        return handle(request)
    except Exception:
        return HttpResponseServerError(
            traceback.format_exc() if settings.DEBUG else "Internal Server Error", content_type="text/plain")


@app.route("/job")
def job():
    try:
        return jsonify(run())
    except Exception as exc:
        if current_app.debug:
            return jsonify(error=str(exc), trace=traceback.format_exc()), 500
        return jsonify(error="internal error"), 500


@app.route("/task")
def task():
    try:
        return jsonify(run())
    except Exception:
        if not current_app.debug:
            return traceback.format_exc(), 500  # expect: CWE-209
        return "failed", 500


def handle(request):
    return HttpResponseServerError("no")


def run():
    return {}
