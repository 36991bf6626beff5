"""A Python 3 service with a syntax error in one helper (an edit left half done): the functions around it are
still analysed, before and after the broken one, and inside a class only the broken method is left out."""

import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    domain = request.args["domain"]
    output = subprocess.check_output("nslookup " + domain, shell=True)  # expect: CWE-78
    return jsonify(output=output)


def summarise(rows:
    return ", ".join(row["name"] for row in rows)


@app.route("/safe-lookup")
def safe_lookup():
    domain = request.args["domain"]
    return jsonify(output=subprocess.check_output("nslookup " + shlex.quote(domain), shell=True))


class Reports:
    def broken(self, rows):
        return [row for row in rows if row["kind"] = "daily"]

    def archive(self):
        name = request.args["name"]
        subprocess.call("tar czf /srv/reports.tgz " + name, shell=True)  # expect: CWE-78
