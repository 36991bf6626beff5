"""Export endpoints: the response is built first, then its type is set to plain text, CSV or JSON."""
import json

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export/note")
def export_note():
    resp = make_response(request.args.get("note", ""))
    resp.mimetype = "text/plain"
    return resp


@app.route("/export/csv")
def export_csv():
    resp = make_response("name\n" + request.args.get("name", ""))
    resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    return resp


@app.route("/export/json")
def export_json():
    resp = make_response(json.dumps({"query": request.args.get("q", "")}))
    resp.headers.set("Content-Type", "application/json")
    return resp
