"""MongoDB queries whose values are strings from a form, or JSON checked to be a string: no operator can
get in."""

from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.route("/login", methods=["POST"])
def login():
    user = db.users.find_one({"name": request.form["name"], "password": request.form["password"]})
    return jsonify(ok=user is not None)


@app.route("/product")
def product():
    return jsonify([str(doc["_id"]) for doc in db.products.find({"sku": str(request.args["sku"])})])


@app.route("/text")
def text():
    body = request.get_json()
    title = "Catalogue"
    position = title.find(str(body.get("needle", "")))
    return jsonify(position=position)


def products_in(category):
    return [str(doc["_id"]) for doc in db.products.find({"category": category})]


@app.route("/category")
def category():
    return jsonify(products_in(request.args["category"]))


@app.route("/category-json", methods=["POST"])
def category_json():
    return jsonify(products_in(str(request.json["category"])))
