"""User input only in the query parameters (params=) of a fixed URL: the host cannot change."""

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
SEARCH_API = "https://search.example.com/v2/query"


@app.route("/search")
def search():
    resp = requests.get(SEARCH_API, params={"q": request.args.get("q", "")}, timeout=5)
    return jsonify(hits=resp.json().get("hits", []))
