"""The upload endpoint with werkzeug's secure_filename(): separators and `..` are removed."""

import os

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"


@app.route("/upload", methods=["PUT"])
def upload():
    name = secure_filename(request.args["file"])
    path = os.path.join(UPLOAD_DIR, name)
    with open(path, "wb") as fh:
        fh.write(request.get_data())
    return "stored"
