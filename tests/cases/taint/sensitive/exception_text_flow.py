"""Exception text reaching the client through variables and helpers (CWE-209): what the syntactic rule cannot
see."""

import sqlite3
import traceback

from flask import Flask, jsonify, render_template, request

app = Flask(__name__)


@app.route("/report")
def report():
    try:
        build()
    except Exception as e:
        error = f"failed: {e}"
        return render_template("error.html", error=error)  # expect: CWE-209
    return "done"


@app.route("/trace")
def trace():
    try:
        build()
    except ValueError:
        details = traceback.format_exc()
        return jsonify(ok=False, details=details)  # expect: CWE-209


def lookup(name):
    try:
        return sqlite3.connect("db").execute("select 1").fetchall()
    except sqlite3.OperationalError as exc:
        return str(exc)


@app.route("/find")
def find():
    return lookup(request.args["q"])  # expect: CWE-209


def build():
    return 1
