"""The same responses with an HTML (or script-capable XML) content type, or none at all: the body is parsed as a
document, so untrusted data in it is cross-site scripting."""

from django.http import HttpResponse
from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    return "<h1>Hello %s</h1>" % request.args["name"], 200  # expect: CWE-79


@app.route("/svg")
def svg():
    return Response(request.args["doc"], mimetype="image/svg+xml")  # expect: CWE-79


@app.route("/html")
def html():
    return request.args["q"], 200, {"Content-Type": "text/html"}  # expect: CWE-79


def page(request):
    return HttpResponse(request.GET["body"], content_type="text/html; charset=utf-8")  # expect: CWE-79
