"""Help pages: the page name is decoded first and only then checked for '../', so the check sees what open sees."""
from urllib.parse import unquote

from flask import Flask, request

app = Flask(__name__)
PAGES = "/srv/help/pages/"


@app.route("/help", methods=["POST"])
def help_page():
    page = unquote(unquote(request.form["page"]))
    if "../" not in page and not page.startswith("/"):
        with open(PAGES + page) as fh:
            return {"text": fh.read()}
    return {"text": ""}
