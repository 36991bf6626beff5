"""Sign-up validation: the e-mail comes from the form."""
import re

from flask import Flask, request

app = Flask(__name__)
EMAIL = r"^([0-9a-zA-Z]([-.\w]*[0-9a-zA-Z])*@([0-9a-zA-Z][-\w]*[0-9a-zA-Z]\.)+[a-zA-Z]{2,9})$"


@app.route("/signup", methods=["POST"])
def signup():
    email = request.form["email"]
    if not re.search(EMAIL, email):  # expect: CWE-1333
        return "invalid e-mail", 400
    if re.search(r"\s*\s*$", request.form["name"]):  # expect: CWE-1333
        return "trailing spaces", 400
    return "ok"
