"""A test runner passing its own command-line options on: when the program is fixed, argv only adds arguments;
when argv names the program, it is the operator choosing what to run, which is this tool's job. Neither is a
finding. The same list built from a web request lets a client choose the program."""

import subprocess
import sys

from flask import Flask, request

app = Flask(__name__)


def main():
    options = sys.argv[1:]
    subprocess.check_call(["stestr", "run", *options] + ["--color"])
    subprocess.check_call([*options, "--verbose"])


@app.route("/run")
def run():
    subprocess.check_call([*request.args.getlist("cmd"), "--verbose"])  # expect: CWE-78
    return "ok"


if __name__ == "__main__":
    main()
