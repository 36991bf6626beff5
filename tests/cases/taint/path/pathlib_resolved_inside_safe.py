"""A download view that resolves the requested name under its folder and refuses anything outside it
(``Path.is_relative_to`` on the resolved path), then returns the file's contents, which are not the client's
text: nothing to report."""

from pathlib import Path

from flask import Flask, abort, request

app = Flask(__name__)
BASE = Path("/srv/reports").resolve()


@app.route("/reports")
def report():
    target = (BASE / request.args["name"]).resolve()
    if not target.is_relative_to(BASE):
        abort(403)
    return target.read_text()
