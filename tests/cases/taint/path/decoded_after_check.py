"""Help pages: the page name is checked for '../', then URL-decoded a second time and opened.

'%252e%252e%252f' passes the check as '%2e%2e%2f' and becomes '../' after the second decoding.
"""
from urllib.parse import unquote

from flask import Flask, request

app = Flask(__name__)
PAGES = "/srv/help/pages/"


@app.route("/help", methods=["POST"])
def help_page():
    page = unquote(request.form["page"])
    if "../" not in page:
        page = unquote(page)
        with open(PAGES + page) as fh:  # expect: CWE-22
            return {"text": fh.read()}
    return {"text": ""}
