"""The same upload handler, with the name passed through secure_filename and a server-chosen folder."""

import os
import uuid

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    document = request.files["document"]
    document.save(os.path.join(UPLOADS, secure_filename(document.filename)))
    return "stored"


@app.route("/avatar", methods=["POST"])
def avatar():
    picture = request.files.get("picture")
    picture.save(os.path.join(UPLOADS, f"{uuid.uuid4().hex}.png"))
    return "ok"
