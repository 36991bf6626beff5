"""lxml with an explicit resolve_entities=True parser, and etree.XML() with the default one."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=True)


@app.route("/feeds/import", methods=["POST"])
def import_feed():
    upload = request.files["feed"]
    tree = etree.parse(upload.stream, PARSER)  # expect: CWE-611
    return jsonify(items=len(tree.getroot()))


@app.route("/feeds/validate", methods=["POST"])
def validate_feed():
    root = etree.XML(request.get_data())  # expect: CWE-611
    return jsonify(root=root.tag)
