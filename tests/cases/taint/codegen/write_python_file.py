"""Request data written as the content of a Python module and of a template: the application runs them later."""

import os

from flask import Flask, request

app = Flask(__name__)
PLUGINS = "/srv/app/plugins"


@app.route("/plugins", methods=["POST"])
def save_plugin():
    with open(os.path.join(PLUGINS, "custom_hook.py"), "w") as fh:
        fh.write(request.form["code"])  # expect: CWE-94
    return "saved"


@app.route("/theme", methods=["POST"])
def save_theme():
    open("templates/theme.html", "w").write(request.form["body"])  # expect: CWE-94
    return "saved"
