"""xml.sax with its defaults: since Python 3.7.1 external general entities are not resolved."""

import xml.sax

from flask import Flask, jsonify, request

app = Flask(__name__)


class CountingHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def startElement(self, name, attrs):
        self.elements += 1


@app.route("/feeds/count", methods=["POST"])
def count_elements():
    handler = CountingHandler()
    xml.sax.parseString(request.data, handler)
    return jsonify(elements=handler.elements)
