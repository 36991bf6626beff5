"""Look-alikes: the exception logged and a generic message sent, a validation error's message (written for the
user), and a traceback only in debug mode."""

import logging
import traceback

from flask import Flask, current_app, jsonify, render_template

app = Flask(__name__)
log = logging.getLogger(__name__)


class ValidationError(Exception):
    pass


@app.route("/report")
def report():
    try:
        build()
    except Exception as e:
        log.exception("report failed: %s", e)
        return render_template("error.html", error="the report could not be built")
    return "done"


@app.route("/form")
def form():
    try:
        build()
    except ValidationError as e:
        return jsonify(error=e.message), 400
    return "ok"


@app.route("/trace")
def trace():
    try:
        build()
    except Exception:
        if current_app.debug:
            details = traceback.format_exc()
            return jsonify(details=details)
        return jsonify(ok=False)


def build():
    return 1
