"""The same download view without the containment check: ``../`` in the name reads any file."""

from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
BASE = Path("/srv/reports")


@app.route("/reports")
def report():
    target = (BASE / request.args["name"]).resolve()
    return target.read_text()  # expect: CWE-22
