"""A command-line server that logs the address its operator gave it: the operator's own input, not a forgery."""

import logging
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def run(address):
    logging.info("server started on {}".format(":".join(str(part) for part in address)))
    HTTPServer(address, BaseHTTPRequestHandler).serve_forever()


if __name__ == "__main__":
    run((sys.argv[1], int(sys.argv[2])))
