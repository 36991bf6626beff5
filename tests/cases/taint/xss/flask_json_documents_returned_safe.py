"""Views that return JSON documents: a dict built under a name, and an upstream service's parsed reply. Flask
sends both as application/json, which the browser does not render as a page."""

import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    payload = {"query": request.args.get("q", ""), "results": []}
    return payload


@app.route("/weather")
def weather():
    reply = requests.get("https://api.weather.example/v1/today", params={"city": request.args["city"]}, timeout=5)
    return reply.json()
