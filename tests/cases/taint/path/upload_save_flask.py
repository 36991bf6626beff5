"""An upload saved under a name the client chose: FileStorage.save writes wherever the path points."""

import os

from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    document = request.files["document"]
    folder = request.form.get("folder", "")
    document.save(os.path.join(UPLOADS, folder, document.filename))  # expect: CWE-22
    return "stored"


@app.route("/avatar", methods=["POST"])
def avatar():
    picture = request.files.get("picture")
    picture.save(dst=request.args["to"])  # expect: CWE-22
    return "ok"
