"""Post-login hop that sends the user on to `next`, wherever it points."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/continue")
def continue_to_next():
    next_url = request.args.get("next", "/")
    return redirect(next_url)  # expect: CWE-601
