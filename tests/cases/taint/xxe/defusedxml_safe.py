"""defusedxml refuses entity declarations and external references outright."""

from defusedxml import ElementTree as SafeET
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/orders/import", methods=["POST"])
def import_orders():
    root = SafeET.fromstring(request.data)
    return jsonify(orders=len(root.findall("order")))
