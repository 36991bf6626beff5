"""An echoed Origin without credentials is the same as '*': anonymous data only, not reported."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.after_request
def allow_all(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Methods"] = "GET"
    return response


@app.route("/prices")
def prices():
    return jsonify([])
