"""A help page that shows the documentation of the report class the URL names: the client chooses which class,
but its docstring and name are written by the application's authors, not by the client."""

from flask import Flask, abort, request
from markupsafe import Markup

from . import reports

app = Flask(__name__)


@app.route("/help")
def report_help():
    report = reports.find_report(request.args["report"])
    if report is None:
        abort(404)
    return Markup("<h1>%s</h1><pre>%s</pre>") % (Markup(report.__name__), Markup(report.__doc__ or ""))
