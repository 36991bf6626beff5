"""lxml with a parser that neither resolves entities nor touches the network."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True)


@app.route("/orders/import", methods=["POST"])
def import_orders():
    doc = etree.fromstring(request.data, HARDENED)
    return jsonify(orders=len(doc.findall("order")))
