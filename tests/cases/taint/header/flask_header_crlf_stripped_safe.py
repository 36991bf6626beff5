"""The export with CR/LF removed from the name, and a numeric header from int(): no header splitting."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export")
def export():
    filename = request.args.get("name", "export.csv").replace("\r", "").replace("\n", "")
    rows = int(request.args.get("rows", "0"))
    resp = make_response("id,name\n")
    resp.headers["Content-Disposition"] = f"attachment; filename={filename}"
    resp.headers["X-Row-Count"] = str(rows)
    return resp
