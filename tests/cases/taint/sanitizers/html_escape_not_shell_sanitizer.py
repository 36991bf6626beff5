"""html.escape() leaves `;`, `|` and `$( )` alone: it is no defence for a shell command."""

import html
import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/ping", methods=["POST"])
def ping():
    host = html.escape(request.form["host"])
    os.system("ping -c 1 " + host)  # expect: CWE-78
    return jsonify(done=True)
