"""Responses that carry untrusted data but are not HTML: Flask sends a returned dict or list as JSON, and an
explicit non-HTML content type (JSON, plain text, CSV) keeps the browser from running script in the body."""

import json

from django.http import HttpResponse
from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    return {"you_sent": request.args.get("q", "")}


@app.route("/tags")
def tags():
    return [tag for tag in request.args.getlist("tag")]


@app.route("/raw")
def raw():
    return Response(json.dumps({"q": request.args["q"]}), mimetype="application/json")


@app.route("/plain")
def plain():
    return request.args["q"], 200, {"Content-Type": "text/plain; charset=utf-8"}


def export(request):
    return HttpResponse(request.GET["rows"], content_type="text/csv")


def export_positional(request):
    return HttpResponse(request.GET["rows"], "application/json")
