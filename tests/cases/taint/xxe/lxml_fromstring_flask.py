"""XML order import parsed with lxml's default parser, which resolves entities."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/orders/import", methods=["POST"])
def import_orders():
    doc = etree.fromstring(request.data)  # expect: CWE-611
    return jsonify(orders=len(doc.findall("order")))
