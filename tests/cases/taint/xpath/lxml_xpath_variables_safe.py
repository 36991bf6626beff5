"""The book search with an XPath variable: the author is bound as a value, not parsed as XPath."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/app/catalog.xml")


@app.route("/books")
def find_books():
    author = request.args.get("author", "")
    titles = CATALOG.xpath("//book[author=$author]/title/text()", author=author)
    return jsonify(titles=[str(t) for t in titles])
