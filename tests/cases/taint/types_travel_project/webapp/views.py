"""A Flask app whose views hand the request object to helpers that do not import Flask."""
from flask import Flask, request

import reports
import store
from finder import Finder
from helpers import do_cmd, run_query, wrap

app = Flask(__name__)


@app.route("/q")
def q():
    return run_query(request)  # the helper calls it rq


@app.route("/c")
def c():
    incoming = request
    do_cmd(incoming)
    return "ok"


@app.route("/w")
def w():
    ctx = wrap(request)  # kept in a field, read back in another module
    return store.lookup(ctx.req)


@app.route("/export")
def export():
    reports.export("csv")
    return "ok"


@app.route("/import", methods=["POST"])
def import_rows():
    reports.import_rows(get_db(), source=request)
    return "ok"


def get_db():
    import sqlite3
    return sqlite3.connect("x.db").cursor()


@app.route("/find")
def find():
    finder = Finder(request)
    finder.verb(get_db())
    return str(finder.run(get_db()))
