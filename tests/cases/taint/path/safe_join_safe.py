"""werkzeug's safe_join() returns None for paths that would escape the base folder."""

from flask import Flask, abort, jsonify, request
from werkzeug.security import safe_join

app = Flask(__name__)
SHARE = "/srv/app/share"


@app.route("/share")
def read_shared():
    path = safe_join(SHARE, request.args["name"])
    if path is None:
        abort(404)
    with open(path, encoding="utf-8") as fh:
        lines = fh.readlines()
    return jsonify(lines=lines)
