"""An app whose response hook names one origin beside its per-route policy, and a helper that is no hook."""
from flask import Flask, jsonify
from flask_cors import cross_origin

app = Flask("shop")


def add_headers(response):
    response.headers.add("Access-Control-Allow-Origin", "https://shop.example.com")
    return response


app.after_request(add_headers)


@app.route("/status")
@cross_origin(origins=["https://status.example.com"])
def status():
    return jsonify(ok=True)


def export(response):
    response.headers["Access-Control-Allow-Origin"] = "*"  # an ordinary helper, not run on every response
    return response
