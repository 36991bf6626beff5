"""Upload endpoint: the file name from the query string is joined to the upload folder and opened."""

import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"


@app.route("/upload", methods=["PUT"])
def upload():
    name = request.args["file"]
    path = os.path.join(UPLOAD_DIR, name)
    with open(path, "wb") as fh:  # expect: CWE-22
        fh.write(request.get_data())
    return "stored"
