"""Stock lookup with the stdlib ElementTree: the SKU is formatted into a findall() path."""

import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)
STOCK = ET.parse("/srv/app/stock.xml").getroot()


@app.route("/stock")
def stock_level():
    sku = request.args["sku"]
    items = STOCK.findall(f".//item[@sku='{sku}']")  # expect: CWE-643
    return jsonify(count=len(items))
