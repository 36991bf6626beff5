"""A public read-only API that opens every response on purpose: it declares no per-route CORS policy."""
from flask import Flask, jsonify

public = Flask(__name__)


@public.after_request
def open_to_all(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@public.route("/timetable")
def timetable():
    return jsonify(trains=[])
