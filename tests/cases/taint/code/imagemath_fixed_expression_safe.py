"""ImageMath with an expression chosen from the code's own table; the client picks a name, not the code."""

import io

from flask import Flask, request, send_file
from PIL import Image, ImageMath

app = Flask(__name__)
OPERATIONS = {"max": "max(a, b)", "min": "min(a, b)", "avg": "(a + b) / 2"}


@app.route("/blend", methods=["POST"])
def blend():
    a = Image.open("/srv/images/a.png")
    b = Image.open("/srv/images/b.png")
    operation = request.form.get("operation")
    if operation not in OPERATIONS:
        return "unknown operation", 400
    out = ImageMath.eval(OPERATIONS[operation], a=a, b=b)
    buffer = io.BytesIO()
    out.save(buffer, "PNG")
    buffer.seek(0)
    return send_file(buffer, mimetype="image/png")
