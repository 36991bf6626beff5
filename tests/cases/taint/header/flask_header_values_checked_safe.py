"""CSV export whose download name comes from the query string and is copied into header values: Werkzeug raises
on a CR or LF in a header value, so the response cannot be split (the name still deserves quoting, but that is
not header injection)."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export")
def export():
    filename = request.args.get("name", "export.csv")
    resp = make_response("id,name\n")
    resp.headers["Content-Disposition"] = f"attachment; filename={filename}"
    resp.headers.add("X-Export-Name", filename)
    return resp
