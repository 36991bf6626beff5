"""A fixed program with the user's value as one argv entry: no shell parses it, so no command injection.

(Option injection into `ls` is a different, lesser problem; the `--` ends option parsing anyway.)
"""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/listing")
def listing():
    directory = request.args.get("dir", ".")
    result = subprocess.run(["ls", "-l", "--", directory], capture_output=True, text=True, check=True)
    return jsonify(lines=result.stdout.splitlines())
