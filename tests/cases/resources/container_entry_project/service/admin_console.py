"""Admin console run by hand beside the service: no Dockerfile runs it, so binding every interface exposes it."""
from flask import Flask

console = Flask(__name__)


@console.route("/stats")
def stats():
    return "0"


if __name__ == "__main__":
    console.run(host="0.0.0.0", port=5001)  # expect: CWE-1327
