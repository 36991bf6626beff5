"""One route is opened to other origins on purpose; a response hook then opens all of them."""
from flask import Flask, jsonify, session
from flask_cors import cross_origin

app = Flask(__name__)


@app.after_request
def add_headers(response):
    response.headers.add("Access-Control-Allow-Origin", "*")  # expect: CWE-942
    response.headers.add("Access-Control-Allow-Headers", "Content-Type")
    return response


@app.route("/status")
@cross_origin()
def status():
    return jsonify(ok=True)


@app.route("/internal/inventory")
def inventory():
    return jsonify(items=["router", "switch"], viewer=session.get("uid"))
