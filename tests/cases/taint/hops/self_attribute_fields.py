"""A field set from the request in __init__ and used by another method; a constant field stays clean."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)
ARCHIVE = "/srv/app/archive"


class ExportJob:
    def __init__(self, req):
        self.fmt = req.args.get("format", "csv")
        self.label = "nightly"

    def run(self):
        os.system(f"/usr/local/bin/export --format {self.fmt}")  # expect: CWE-78

    def record(self):
        with open(os.path.join(ARCHIVE, self.label + ".log"), "a", encoding="utf-8") as fh:
            fh.write("export finished\n")


@app.route("/exports", methods=["POST"])
def start_export():
    job = ExportJob(request)
    job.run()
    job.record()
    return jsonify(started=True)
