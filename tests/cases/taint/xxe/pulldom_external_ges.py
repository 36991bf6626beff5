"""pulldom given a SAX parser with external general entities enabled."""

import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/catalog/import", methods=["POST"])
def import_catalog():
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    events = pulldom.parseString(request.get_data(as_text=True), parser=parser)  # expect: CWE-611
    products = sum(1 for event, node in events if event == pulldom.START_ELEMENT and node.tagName == "product")
    return jsonify(products=products)
