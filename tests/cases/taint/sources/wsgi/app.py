"""A raw WSGI application: the environ's query string and body are the client's."""

import os
import subprocess
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

LOGS = "/var/log/app"


def app(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    name = query.get("log", ["app.log"])[0]
    with open(os.path.join(LOGS, name)) as fh:  # expect: CWE-22
        text = fh.read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [text.encode()]


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    command = environ["wsgi.input"].read(length).decode()
    subprocess.run(command, shell=True, check=True)  # expect: CWE-78
    start_response("204 No Content", [])
    return [b""]


if __name__ == "__main__":
    make_server("127.0.0.1", 8000, app).serve_forever()
