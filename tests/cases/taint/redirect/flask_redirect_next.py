"""Logout that sends the user on to `next`, wherever it points."""

from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.route("/logout")
def logout():
    session.clear()
    next_url = request.args.get("next", "/")
    return redirect(next_url)  # expect: CWE-601
