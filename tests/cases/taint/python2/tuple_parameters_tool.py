"""Python 2 only syntax that the conversion answers with extra lines (a tuple parameter, ``except E, (a, b)``):
the flows after them still point at the author's lines."""

import os

from flask import Flask, request

app = Flask(__name__)


def _pair((key, value)):
    return "%s=%s" % (key, value)


def _archive(name):
    try:
        os.mkdir("/srv/archive")
    except OSError, (code, reason):
        print "mkdir failed:", code, reason
    os.system("tar czf /srv/archive/backup.tgz " + name)  # expect: CWE-78


@app.route("/env")
def show_env():
    pairs = map(_pair, sorted(os.environ.items()))
    name = request.args["name"]
    print "env lookup for", name
    os.system("printenv " + name)  # expect: CWE-78
    return "\n".join(pairs)


@app.route("/backup", methods=["POST"])
def backup():
    _archive(request.form["name"])
    return "ok"
