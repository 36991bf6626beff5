"""Unsafe reflection: the request names the function, class or global that is looked up and used."""

import importlib

from flask import Flask, request

import reports

app = Flask(__name__)


class Exporter:
    def csv(self, rows):
        return ",".join(rows)

    def run(self, rows):
        action = request.args["action"]
        return getattr(self, action)(rows)  # expect: CWE-470


@app.route("/report")
def report():
    builder = getattr(reports, request.args["kind"])  # expect: CWE-470
    return builder()


@app.route("/export")
def export():
    handler = getattr(Exporter(), request.args.get("format", "csv"))  # expect: CWE-470
    return handler(["a", "b"])


@app.route("/plugin")
def plugin():
    module = importlib.import_module(request.args["plugin"])  # expect: CWE-470
    return module.describe()


@app.route("/hook")
def hook():
    hooks = [getattr(Exporter(), request.args["hook"])]
    return hooks[0](["a"])  # expect: CWE-470


@app.route("/global")
def lookup_global():
    factory = globals()[request.args["factory"]]  # expect: CWE-470
    return factory()
