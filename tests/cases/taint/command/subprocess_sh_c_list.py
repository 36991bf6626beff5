"""Log search through `sh -c`: an argv list, but its third entry is a shell script built from the request."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/logs/search")
def search_logs():
    pattern = request.args.get("pattern", "")
    script = "grep -rn " + pattern + " /srv/logs"
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=False)  # expect: CWE-78
    return jsonify(matches=result.stdout.splitlines())
