"""CSV export whose download name comes from the query string and is copied into response headers."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export")
def export():
    filename = request.args.get("name", "export.csv")
    resp = make_response("id,name\n")
    resp.headers["Content-Disposition"] = f"attachment; filename={filename}"  # expect: CWE-113
    resp.headers.add("X-Export-Name", filename)  # expect: CWE-113
    return resp
