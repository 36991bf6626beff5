"""The fixed lab: the same module names as the other lab, with parameterised queries and a str.find."""

from flask import Flask, jsonify, request

import users
from models import Product
from queries import *

app = Flask(__name__)


class Finder:
    def search(self):
        title = "Quarterly report"
        return jsonify(position=title.find(request.args["pattern"]))


@app.route("/user")
def user():
    return jsonify(users.lookup(request.args["name"]))


@app.route("/orders")
def orders():
    return jsonify(orders_of(request.args["customer"]))


@app.route("/product")
def product():
    return jsonify(Product(request.args["sku"]).load())


if __name__ == "__main__":
    app.run()
