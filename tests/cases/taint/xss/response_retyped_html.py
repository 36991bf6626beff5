"""Preview endpoints: the response's type is set after it is built, but to HTML, so the echo is still script."""
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    resp = make_response("<h1>" + request.args.get("title", "") + "</h1>")  # expect: CWE-79
    resp.headers["Content-Type"] = "text/html; charset=utf-8"
    return resp


@app.route("/preview/other")
def preview_other():
    shown = make_response(request.args.get("body", ""))  # expect: CWE-79
    other = make_response("fixed")
    other.mimetype = "text/plain"  # a different response is the plain-text one
    return shown if request.args.get("show") else other
