"""Headers named by the query string: Werkzeug refuses a CR/LF in a header's value, but not in its name, so a
name taken from the client can still split the response."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/export")
def export():
    resp = make_response("id,name\n")
    resp.headers[request.args.get("header", "X-Export")] = "1"  # expect: CWE-113
    resp.headers.add(request.args["extra"], "yes")  # expect: CWE-113
    return resp
