"""Documents addressed by UUID: uuid.UUID() rejects anything that is not one, so no path can be smuggled."""

import os
import uuid

from flask import Flask, jsonify, request

app = Flask(__name__)
DOCS = "/srv/app/documents"


@app.route("/documents")
def read_document():
    doc_id = uuid.UUID(request.args["id"])
    with open(os.path.join(DOCS, f"{doc_id}.json"), encoding="utf-8") as fh:
        body = fh.read()
    return jsonify(size=len(body))
