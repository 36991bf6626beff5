"""A lab run as a script from its own folder: `import users` and `from queries import *` mean the modules
beside it, not the other lab's modules of the same name."""

from flask import Flask, jsonify, request

import users
from models import Product
from queries import *

app = Flask(__name__)


class Finder:
    """A class of the lab whose method is called `find`, like str.find: it runs a shell command."""

    def find(self, pattern):
        import os
        return os.system("grep -r " + pattern + " /srv/docs")  # expect: CWE-78

    def search(self):
        return self.find(request.args["pattern"])


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
