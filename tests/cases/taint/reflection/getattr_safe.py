"""Reflection the client cannot steer: constant names, an allow-list, a dispatch table, a name with a fixed
prefix (a dispatch convention), and reading a plain attribute without calling it."""

import importlib

from flask import Flask, jsonify, request

app = Flask(__name__)
ALLOWED = {"csv", "json"}


class Exporter:
    def export_csv(self, rows):
        return ",".join(rows)

    def export_json(self, rows):
        return jsonify(rows)

    def run(self, rows):
        fmt = request.args.get("format", "csv")
        if fmt not in ALLOWED:
            return "bad format", 400
        return getattr(self, "export_" + fmt)(rows)


class Profile:
    name = "n"
    email = "e"


@app.route("/export")
def export():
    fmt = request.args.get("format", "csv")
    if fmt in ALLOWED:
        return getattr(Exporter(), f"export_{fmt}")(["a"])
    return "bad format", 400


@app.route("/field")
def field():
    return jsonify(value=str(getattr(Profile(), request.args["field"], "")))


@app.route("/json")
def as_json():
    codec = importlib.import_module("json")
    return codec.dumps(getattr(codec, "__name__"))


@app.route("/exporter")
def exporter():
    module = importlib.import_module("exporters." + request.args["name"])
    return module.describe()
