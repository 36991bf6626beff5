"""An audit trail appended by hand to a .log file: a newline in the user name starts a forged entry."""

from flask import Flask, request

app = Flask(__name__)
AUDIT = "/var/log/shop/audit.log"


@app.post("/login")
def login():
    user = request.form["user"]
    with open(AUDIT, "a", encoding="utf-8") as fh:
        fh.write(f"login attempt user={user}\n")  # expect: CWE-117
    return "ok"
