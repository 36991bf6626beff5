"""Pillow's ImageMath evaluates its expression as Python: an expression from the request runs on the server."""

import io

from flask import Flask, request, send_file
from PIL import Image, ImageMath

app = Flask(__name__)


@app.route("/blend", methods=["POST"])
def blend():
    a = Image.open("/srv/images/a.png")
    b = Image.open("/srv/images/b.png")
    out = ImageMath.eval(request.form["expression"], a=a, b=b)  # expect: CWE-95
    buffer = io.BytesIO()
    out.save(buffer, "PNG")
    buffer.seek(0)
    return send_file(buffer, mimetype="image/png")


@app.route("/blend-unsafe", methods=["POST"])
def blend_unsafe():
    a = Image.open("/srv/images/a.png")
    out = ImageMath.unsafe_eval(request.args["expr"], a=a)  # expect: CWE-95
    buffer = io.BytesIO()
    out.save(buffer, "PNG")
    buffer.seek(0)
    return send_file(buffer, mimetype="image/png")
