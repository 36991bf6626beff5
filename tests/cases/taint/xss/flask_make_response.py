"""Search results page built as a string and wrapped with make_response()."""

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/search")
def search():
    query = request.args.get("q", "")
    body = "<p>No results for " + query + "</p>"
    response = make_response(body)  # expect: CWE-79
    response.headers["Cache-Control"] = "no-store"
    return response
