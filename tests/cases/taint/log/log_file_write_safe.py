"""The same audit trail with line breaks taken out of the user name, and an export file that is not a log: nothing
to report."""

from flask import Flask, request

app = Flask(__name__)
AUDIT = "/var/log/shop/audit.log"


@app.post("/login")
def login():
    user = request.form["user"].replace("\r", "").replace("\n", "")
    with open(AUDIT, "a", encoding="utf-8") as fh:
        fh.write(f"login attempt user={user}\n")
    return "ok"


@app.post("/notes")
def notes():
    with open("/srv/notes/latest.txt", "w", encoding="utf-8") as fh:
        fh.write(request.form["text"])
    return "ok"
