"""Echoing the request's Origin into Access-Control-Allow-Origin with credentials lets every site in; echoing it
only after an allow-list check does not."""

from flask import Flask, jsonify, request, session

app = Flask(__name__)
TRUSTED_ORIGINS = {"https://app.example.com"}


@app.route("/api/profile")
def profile():
    response = jsonify(email=session["email"])
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")  # expect: CWE-942
    response.headers.set("Access-Control-Allow-Credentials", "true")
    return response


@app.route("/api/orders")
def orders():
    origin = request.environ.get("HTTP_ORIGIN", "")
    response = jsonify(orders=[])
    if origin in TRUSTED_ORIGINS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers.set("Access-Control-Allow-Credentials", "true")
    return response


@app.route("/api/cart")
def cart():
    origin = request.headers.get("Origin", "")
    response = jsonify(items=[])
    if origin not in TRUSTED_ORIGINS:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers.set("Access-Control-Allow-Credentials", "true")
    return response
