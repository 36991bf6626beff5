"""Views that hand exception text or tracebacks to the client flagged; logging them server-side not."""

import logging
import traceback

from flask import Flask, jsonify

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/report")
def report():
    try:
        return jsonify(build_report())
    except ValueError as exc:
        return jsonify(error=str(exc)), 400  # expect: CWE-209
    except Exception:
        return traceback.format_exc(), 500  # expect: CWE-209


@app.route("/summary")
def summary():
    try:
        return jsonify(build_report())
    except Exception as exc:
        log.error("summary failed: %s", exc)
        log.debug(traceback.format_exc())
        return jsonify(error="internal error"), 500


def build_report():
    return {"rows": []}
