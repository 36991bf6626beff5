"""Book search over an XML catalogue: the author is formatted into an XPath expression."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("/srv/app/catalog.xml")


@app.route("/books")
def find_books():
    author = request.args.get("author", "")
    titles = CATALOG.xpath(f"//book[author='{author}']/title/text()")  # expect: CWE-643
    return jsonify(titles=[str(t) for t in titles])
