"""MongoDB queries from parsed request JSON: {"password": {"$ne": ""}} logs in as anyone."""

import json

from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.route("/login", methods=["POST"])
def login():
    credentials = json.loads(request.data)
    user = db.users.find_one({"name": credentials["name"], "password": credentials["password"]})  # expect: CWE-943
    return jsonify(ok=user is not None)


@app.route("/search", methods=["POST"])
def search():
    query = json.loads(request.data)
    return jsonify([str(doc["_id"]) for doc in db.products.find(query)])  # expect: CWE-943


@app.route("/orders", methods=["POST"])
def orders():
    body = request.get_json()
    db.orders.delete_many({"owner": body.get("owner")})  # expect: CWE-943
    return jsonify(deleted=True)


@app.route("/where")
def where():
    name = request.args["name"]
    docs = db.users.find({"$where": "this.name == '" + name + "'"})  # expect: CWE-943
    return jsonify([str(d["_id"]) for d in docs])


def products_matching(criteria):
    return [str(doc["_id"]) for doc in db.products.find(criteria)]  # expect: CWE-943


@app.route("/filter", methods=["POST"])
def filter_products():
    return jsonify(products_matching({"category": request.json["category"]}))
